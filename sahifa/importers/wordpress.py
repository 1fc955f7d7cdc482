"""Import a WordPress WXR export: posts → ArticlePages, categories → sections,
tags, authors, featured and inline images from a local copy of
`wp-content/uploads`, and Wagtail redirects from every old URL.

Posts become `ItemData` here and are written by the same article writer as
ninjs files and wires: one transaction per file (image files written are
deleted again on failure), idempotent (a post is found again by its
WordPress GUID, so re-importing updates rather than duplicates), clear errors
(`ImportFailed` names the file, item and field)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from sahifa.articles.models import ArticlePage
from sahifa.sections.models import SectionPage

from . import wxr
from .html import html_to_text, image_attributes
from .types import ImportFailed, ItemData, PictureData, Rendition
from .writer import (
    Batch,
    ImportPolicy,
    authors_for,
    import_batch,
    section_argument,
    upsert_article,
)

logger = logging.getLogger(__name__)

_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.\w+$)")
# WordPress's «modified» moves on any save; only a real gap counts as an update.
UPDATE_THRESHOLD = timedelta(minutes=10)
DEK_MAX = 400
UNCATEGORIZED = {"uncategorized", "غير-مصنف", "بدون-تصنيف"}
# Statuses published on the site (`future` at its date); the rest are drafts.
PUBLISHED = ("publish", "future")


@dataclass
class WxrResult:
    pages: list[ArticlePage] = field(default_factory=list)
    sections_created: list[SectionPage] = field(default_factory=list)
    redirects: int = 0
    warnings: list[str] = field(default_factory=list)


def import_wxr(
    path: str | Path,
    uploads: str | Path | None = None,
    section: SectionPage | str | None = None,
) -> WxrResult:
    """Import one WXR file. `uploads` is the local copy of the export's
    `wp-content/uploads` folder; `section` receives posts without a category.
    Raises ImportFailed after rolling back everything (files included)."""
    with import_batch() as batch:
        result = _WxrImporter(Path(path), uploads, section).run(batch)
    result.pages = [ArticlePage.objects.get(pk=page.pk) for page in result.pages]
    return result


def uploads_relative(url: str) -> str | None:
    """`https://old/wp-content/uploads/2023/05/a.jpg` → `2023/05/a.jpg`."""
    path = unquote(urlsplit(url).path)
    for marker in ("/wp-content/uploads/", "/uploads/", "/files/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return None


class _WxrImporter:
    def __init__(self, path: Path, uploads, section):
        self.path = path
        self.display = str(path)
        self.uploads = Path(uploads) if uploads else path.parent / "uploads"
        self.section_arg = section
        self.result = WxrResult()
        self.posts: dict[str, wxr.WxrPost] = {}  # item uri → post
        # Upload URL → its picture, or None when the file is missing.
        self.pictures: dict[str, PictureData | None] = {}

    def warn(self, post: wxr.WxrPost, message: str) -> None:
        text = f"{self.display}: item {post.index} (post {post.post_id}): {message}"
        logger.warning(text)
        self.result.warnings.append(text)

    # -- run -----------------------------------------------------------------
    def run(self, batch: Batch) -> WxrResult:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise ImportFailed(
                self.display, None, None, f"cannot read file: {exc.strerror or exc}"
            ) from None
        try:
            self.export = wxr.parse(data, settings.TIME_ZONE)
        except wxr.WxrError as exc:
            raise ImportFailed(
                self.display,
                exc.item,
                None,
                exc.message,
                uri=f"post {exc.post_id}" if exc.post_id else "",
            ) from None
        if not self.export.posts:
            raise ImportFailed(self.display, None, None, "no posts in the export")
        limit = settings.SAHIFA_IMPORTERS_MAX_ITEMS
        if len(self.export.posts) > limit:
            raise ImportFailed(
                self.display,
                None,
                None,
                f"too many posts: {len(self.export.posts)} (at most {limit} in one file, "
                "SAHIFA_IMPORTERS_MAX_ITEMS)",
            )
        self.site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if self.site is None:
            raise ImportFailed(
                self.display, None, None, "no site: run `manage.py setup_site` first"
            )
        self.home = self.site.root_page
        self.default_section = section_argument(self.section_arg, self.display)

        items = [self.item(post) for post in self.export.posts]
        policy = ImportPolicy(
            source=self.display,
            place=self.section_for,
            update_threshold=UPDATE_THRESHOLD,
            strict_pictures=False,
            picture_roots=(self.uploads,),
            link_key=_normal,
        )
        batch.place(items, policy)
        for item in items:
            written = upsert_article(item, policy, batch)
            self.result.pages.append(written.page)
            self.result.warnings += written.warnings
        self.result.redirects = self.make_redirects()
        return self.result

    # -- sections ------------------------------------------------------------
    def section_for(self, item: ItemData) -> SectionPage:
        post = self.posts[item.uri]
        terms = [t for t in post.categories if t.slug not in UNCATEGORIZED]
        if not terms:
            if self.default_section is not None:
                return self.default_section
            terms = post.categories
        if not terms:
            raise ImportFailed.for_item(
                self.display, item, "category", "no category: pass --section SLUG for such posts"
            )
        return self.section_for_term(terms[0])

    def section_for_term(self, term: wxr.WxrTerm) -> SectionPage:
        slug = (
            slugify(term.slug, allow_unicode=True)[:200]
            or slugify(term.name, allow_unicode=True)[:200]
        )
        children = SectionPage.objects.child_of(self.home)
        found = children.filter(slug=slug).first() or children.filter(title=term.name).first()
        if found:
            return found
        section = SectionPage(title=term.name[:255], slug=slug or "section", show_in_menus=False)
        self.home.add_child(instance=section)
        section.save_revision().publish()
        self.result.sections_created.append(section)
        return section

    # -- posts as items ------------------------------------------------------
    def item(self, post: wxr.WxrPost) -> ItemData:
        teaser, _full = wxr.split_more(post.content)
        dek = (
            html_to_text(post.excerpt) or html_to_text(wxr.prepare_html(teaser))
            if (post.excerpt or teaser)
            else ""
        )
        html = wxr.prepare_html(post.content, self.attachment_url)
        hero = self.featured_picture(post)
        pictures = [hero] if hero else []
        for attrs in image_attributes(html):
            picture = self.picture(post, attrs.get("src", ""), alt=attrs.get("alt", ""))
            if picture is not None and picture not in pictures:
                pictures.append(picture)
        author = self.export.authors.get(post.author_login)
        names = [author.display_name if author else post.author_login] if post.author_login else []
        uri = post.source_uri[:500]
        self.posts[uri] = post
        return ItemData(
            index=post.index,
            uri=uri,
            headline=post.title[:255],
            dek=dek[:DEK_MAX].rsplit(" ", 1)[0] + "…" if len(dek) > DEK_MAX else dek,
            body=html,
            firstcreated=post.date,
            versioncreated=post.modified,
            # WordPress schedules a `future` post for its date.
            embargoed=post.date if post.status == "future" else None,
            pubstatus="usable" if post.status in PUBLISHED else "withheld",
            bylines=names,
            tags=post.tags,
            hero=hero,
            pictures=pictures,
            slug=slugify(post.slug, allow_unicode=True)[:80].strip("-"),
            aliases=self.post_keys(post),
        )

    def post_keys(self, post: wxr.WxrPost) -> list[str]:
        """The addresses other posts link to this one by."""
        keys = [post.guid, post.link]
        base = self.export.base_blog_url.rstrip("/")
        if post.post_id and base:
            keys.append(f"{base}/?p={post.post_id}")
        return list(dict.fromkeys(key for key in keys if key))

    def attachment_url(self, post_id: str) -> str:
        attachment = self.export.attachments.get(post_id)
        return attachment.url if attachment else ""

    # -- pictures ------------------------------------------------------------
    def featured_picture(self, post: wxr.WxrPost) -> PictureData | None:
        if not post.thumbnail_id:
            return None
        attachment = self.export.attachments.get(post.thumbnail_id)
        if attachment is None:
            self.warn(post, f"featured image {post.thumbnail_id} is not in the export")
            return None
        return self.picture(post, attachment.url, attachment)

    def attachment_for_url(self, url: str) -> wxr.WxrAttachment | None:
        rel = uploads_relative(url)
        original = _SIZE_SUFFIX.sub("", rel) if rel else None
        for attachment in self.export.attachments.values():
            arel = uploads_relative(attachment.url)
            if attachment.url == url or (arel and arel in (rel, original)):
                return attachment
        return None

    def local_file(self, url: str) -> Path | None:
        rel = uploads_relative(url) if "://" in url or url.startswith("/") else url
        if not rel:
            return None
        candidates = [rel, _SIZE_SUFFIX.sub("", rel)]
        root = self.uploads.resolve()
        for candidate in candidates:
            path = (self.uploads / candidate).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
        return None

    def picture(
        self,
        post: wxr.WxrPost,
        url: str,
        attachment: wxr.WxrAttachment | None = None,
        alt: str = "",
    ) -> PictureData | None:
        """The upload `url` shows (a resized copy maps to its original), found
        in the uploads folder; None, with a warning, when it is missing."""
        if not url:
            return None
        attachment = attachment or self.attachment_for_url(url)
        key = attachment.url if attachment else url
        if key not in self.pictures:
            path = self.local_file(key) or self.local_file(url)
            if path is None:
                self.warn(post, f"image not found in the uploads folder: {url}")
                self.pictures[key] = None
                return None
            alt = (attachment.alt if attachment else "") or alt
            self.pictures[key] = PictureData(
                name="",
                uri=f"wxr:{key}"[:500],
                field=f"attachment {attachment.post_id}" if attachment else "content",
                caption=(html_to_text(attachment.caption) if attachment else "")[:500],
                alt=alt,
                headline=(attachment.title if attachment else "") or alt or path.stem,
                renditions=[Rendition("original", path.as_uri())],
            )
        picture = self.pictures[key]
        if picture is not None and url not in picture.aliases:
            picture.aliases.append(url)
        return picture

    # -- redirects --------------------------------------------------------------
    def make_redirects(self) -> int:
        count = 0
        for post, page in zip(self.export.posts, self.result.pages, strict=True):
            if post.status not in PUBLISHED or not post.link:
                continue
            count += self.redirect(post.link, page=page)
        base = urlsplit(self.export.base_blog_url).path.rstrip("/")
        for term in self.export.categories.values():
            section = (
                SectionPage.objects.child_of(self.home)
                .filter(slug=slugify(term.slug, allow_unicode=True)[:200])
                .first()
            )
            if section:
                count += self.redirect(f"{base}/category/{term.slug}/", page=section)
        for term in self.export.tags.values():
            tag = Tag.objects.filter(name__iexact=term.name).first()
            if tag:
                count += self.redirect(f"{base}/tag/{term.slug}/", link=f"/tags/{tag.slug}/")
        for author in self.export.authors.values():
            found = authors_for([author.display_name])[0] if author.display_name else None
            if found:
                count += self.redirect(
                    f"{base}/author/{author.login}/", link=found.get_absolute_url()
                )
        return count

    def redirect(self, old_url: str, page=None, link: str = "") -> int:
        parts = urlsplit(old_url)
        old_path = Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))
        if old_path in ("/", ""):
            return 0
        if page is not None:
            new = page.get_url_parts()
            if new and Redirect.normalise_path(new[2]) == old_path:
                return 0  # same URL on the new site: nothing to redirect
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={
                "redirect_page": page,
                "redirect_link": link if page is None else "",
                "is_permanent": True,
            },
        )
        return 1


def _normal(url: str) -> str:
    """Scheme-, host- and slash-insensitive key for an old URL."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/").lower()
    return path + (f"?{parts.query}" if parts.query else "")
