"""Import a WordPress WXR export: posts → ArticlePages, categories → sections,
tags, authors, featured and inline images from a local copy of
`wp-content/uploads`, and Wagtail redirects from every old URL.

Same rules as the ninjs importer: one transaction per file (image files
written are deleted again on failure), idempotent (a post is found again by
its WordPress GUID, so re-importing updates rather than duplicates), clear
errors (`ImportFailed` names the file, item and field)."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from sahifa.articles.models import ArticleAuthor, ArticlePage
from sahifa.core.models import SahifaImage
from sahifa.sections.models import SectionPage

from . import wxr
from .html import html_to_blocks, html_to_text
from .services import (
    BLOCK_NAMESPACE,
    ImportFailed,
    _delete_files,
    authors_for,
    image_problem,
    keep_as_draft,
    publish_with_source_dates,
    section_argument,
    store_image,
    unique_slug,
)

logger = logging.getLogger(__name__)

_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.\w+$)")
# WordPress's «modified» moves on any save; only a real gap counts as an update.
UPDATE_THRESHOLD = timedelta(minutes=10)
DEK_MAX = 400
UNCATEGORIZED = {"uncategorized", "غير-مصنف", "بدون-تصنيف"}


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
    created_files: list[str] = []
    try:
        with transaction.atomic():
            result = _WxrImporter(Path(path), uploads, section, created_files).run()
    except BaseException:
        _delete_files(created_files)
        raise
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
    def __init__(self, path: Path, uploads, section, created_files: list[str]):
        self.path = path
        self.display = str(path)
        self.uploads = Path(uploads) if uploads else path.parent / "uploads"
        self.section_arg = section
        self.created_files = created_files
        self.result = WxrResult()
        self.link_map: dict[str, int] = {}
        self.image_cache: dict[str, SahifaImage | None] = {}

    def fail(self, post: wxr.WxrPost | None, field_name: str | None, message: str) -> ImportFailed:
        if post is None:
            return ImportFailed(self.display, None, field_name, message)
        return ImportFailed(self.display, post.index, field_name, message, uri=post.source_uri)

    def warn(self, post: wxr.WxrPost, message: str) -> None:
        text = f"{self.display}: item {post.index} (post {post.post_id}): {message}"
        logger.warning(text)
        self.result.warnings.append(text)

    # -- run -----------------------------------------------------------------
    def run(self) -> WxrResult:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise self.fail(None, None, f"cannot read file: {exc.strerror or exc}") from None
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
            raise self.fail(None, None, "no posts in the export")
        self.site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if self.site is None:
            raise self.fail(None, None, "no site: run `manage.py setup_site` first")
        self.home = self.site.root_page
        self.default_section = section_argument(self.section_arg, self.fail)

        # Pass 1: every post gets its page, so links between posts resolve.
        pages = []
        for post in self.export.posts:
            page = self.existing_page(post) or self.create_page(post)
            pages.append(page)
            for key in self.post_keys(post):
                self.link_map[key] = page.pk
        # Pass 2: content, publication, redirects.
        for post, page in zip(self.export.posts, pages, strict=True):
            self.result.pages.append(self.write(post, page))
        self.result.redirects = self.make_redirects()
        return self.result

    # -- sections ------------------------------------------------------------
    def section_for(self, post: wxr.WxrPost) -> SectionPage:
        terms = [t for t in post.categories if t.slug not in UNCATEGORIZED]
        if not terms:
            if self.default_section is not None:
                return self.default_section
            terms = post.categories
        if not terms:
            raise self.fail(post, "category", "no category: pass --section SLUG for such posts")
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

    # -- pages ---------------------------------------------------------------
    @staticmethod
    def existing_page(post: wxr.WxrPost) -> ArticlePage | None:
        return ArticlePage.objects.filter(source_uri=post.source_uri[:500]).order_by("pk").first()

    def create_page(self, post: wxr.WxrPost) -> ArticlePage:
        parent = self.section_for(post)
        slug = slugify(post.slug, allow_unicode=True)[:80].strip("-")
        if not slug or parent.get_children().filter(slug=slug).exists():
            slug = unique_slug(parent, post.title)
        page = ArticlePage(
            title=post.title[:255], slug=slug, source_uri=post.source_uri[:500], live=False
        )
        parent.add_child(instance=page)
        return page

    def post_keys(self, post: wxr.WxrPost) -> list[str]:
        keys = [post.guid, post.link]
        base = self.export.base_blog_url.rstrip("/")
        if post.post_id and base:
            keys.append(f"{base}/?p={post.post_id}")
        for url in list(keys):
            if url:
                keys.append(_normal(url))
        return [k for k in keys if k]

    def resolve_link(self, href: str) -> int | None:
        return self.link_map.get(href) or self.link_map.get(_normal(href))

    def write(self, post: wxr.WxrPost, page: ArticlePage) -> ArticlePage:
        teaser, _full = wxr.split_more(post.content)
        page.title = post.title[:255]
        dek = (
            html_to_text(post.excerpt) or html_to_text(wxr.prepare_html(teaser))
            if (post.excerpt or teaser)
            else ""
        )
        page.dek = dek[:DEK_MAX].rsplit(" ", 1)[0] + "…" if len(dek) > DEK_MAX else dek
        page.hero_image, page.hero_caption = self.hero(post)
        page.body = self.body(post, page.hero_image)
        author = self.export.authors.get(post.author_login)
        names = [author.display_name if author else post.author_login] if post.author_login else []
        page.article_authors = [ArticleAuthor(author=a) for a in authors_for(names)]
        page.tags.set(post.tags)

        if post.status in ("publish", "future"):
            scheduled = post.status == "future" and post.date and post.date > timezone.now()
            return publish_with_source_dates(
                page, post.date if scheduled else None, partial(self.apply_dates, post)
            )
        # draft, pending, private: kept for editors, not on the site.
        return keep_as_draft(page)

    @staticmethod
    def apply_dates(post: wxr.WxrPost, page: ArticlePage) -> None:
        if post.date is None:
            return
        updated = (
            post.modified
            if post.modified and post.modified - post.date > UPDATE_THRESHOLD
            else None
        )
        content_hash = page.content_hash()
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=post.date, last_updated_at=updated, published_hash=content_hash
        )

    # -- body and images --------------------------------------------------------
    def body(self, post: wxr.WxrPost, hero: SahifaImage | None) -> list[dict[str, Any]]:
        def attachment_url(post_id: str) -> str:
            attachment = self.export.attachments.get(post_id)
            return attachment.url if attachment else ""

        def resolve_image(attrs: dict[str, str]) -> int | None:
            image = self.image_for_url(post, attrs.get("src", ""), alt=attrs.get("alt", ""))
            if image is None or (hero is not None and image.pk == hero.pk):
                return None  # missing, or the featured image repeated in the text
            return image.pk

        html = wxr.prepare_html(post.content, attachment_url)
        blocks = html_to_blocks(
            html, resolve_link=self.resolve_link, resolve_image=resolve_image, headline=post.title
        )
        return [
            {
                "type": kind,
                "value": value,
                "id": str(uuid.uuid5(BLOCK_NAMESPACE, f"{post.source_uri}#{n}")),
            }
            for n, (kind, value) in enumerate(blocks)
        ]

    def hero(self, post: wxr.WxrPost) -> tuple[SahifaImage | None, str]:
        if not post.thumbnail_id:
            return None, ""
        attachment = self.export.attachments.get(post.thumbnail_id)
        if attachment is None:
            self.warn(post, f"featured image {post.thumbnail_id} is not in the export")
            return None, ""
        image = self.image_for_url(post, attachment.url, attachment)
        return image, ""

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

    def image_for_url(
        self,
        post: wxr.WxrPost,
        url: str,
        attachment: wxr.WxrAttachment | None = None,
        alt: str = "",
    ) -> SahifaImage | None:
        if not url:
            return None
        attachment = attachment or self.attachment_for_url(url)
        key = attachment.url if attachment else url
        if key in self.image_cache:
            return self.image_cache[key]
        path = self.local_file(attachment.url if attachment else url) or self.local_file(url)
        if path is None:
            self.warn(post, f"image not found in the uploads folder: {url}")
            self.image_cache[key] = None
            return None
        image = self.save_image(post, path, key, attachment, alt)
        self.image_cache[key] = image
        return image

    def save_image(self, post, path: Path, uri: str, attachment, alt: str) -> SahifaImage | None:
        problem = image_problem(path)
        if problem:
            self.warn(post, problem)
            return None
        alt = (attachment.alt if attachment else "") or alt
        return store_image(
            path,
            source_uri=f"wxr:{uri}"[:500],
            created_files=self.created_files,
            title=((attachment.title if attachment else "") or alt or path.stem)[:255],
            caption=(html_to_text(attachment.caption) if attachment else "")[:500],
            description=alt[:255],
        )

    # -- redirects --------------------------------------------------------------
    def make_redirects(self) -> int:
        count = 0
        for post, page in zip(self.export.posts, self.result.pages, strict=True):
            if post.status not in ("publish", "future") or not post.link:
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
        from taggit.models import Tag

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
