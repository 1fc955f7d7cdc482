"""Import IPTC ninjs files as ArticlePages.

`import_file()` is the one entry point (the `import_articles` command is a thin
wrapper): parse the file, create or update one ArticlePage per item, publish
it with the source's dates, then rewrite links that earlier imports could not
resolve (`relink_pending()`). Each file is all-or-nothing."""

from __future__ import annotations

import html as html_lib
import json
import logging
import uuid
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.core.files.images import ImageFile
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.utils.file import hash_filelike

from sahifa.articles.models import ArticleAuthor, ArticlePage
from sahifa.authors.models import Author
from sahifa.core.models import SahifaImage
from sahifa.sections.models import SectionPage

from . import ninjs
from .html import LinkResolver, html_to_blocks, relink_blocks, text_to_blocks
from .types import ItemData, ItemError, PictureData

logger = logging.getLogger(__name__)

SLUG_LENGTH = 60
# Deterministic block ids: an unchanged re-import yields the same body JSON,
# hence the same content hash, hence no «آخر تحديث».
BLOCK_NAMESPACE = uuid.UUID("6f1f6f0e-5a1b-4b7c-9d3e-2c1d0a9b8e71")
_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError)


class ImportFailed(Exception):
    """A file could not be imported; names the file, item and field at fault.

    str(): `sample.json: item 2 (urn:x): headline: missing`."""

    def __init__(
        self, file: str, item: int | None, field: str | None, message: str, *, uri: str = ""
    ):
        self.file = file
        self.item = item
        self.uri = uri
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.file]
        if self.item is not None:
            parts.append(f"item {self.item} ({self.uri})" if self.uri else f"item {self.item}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


def import_file(path: str | Path, section: SectionPage | str | None = None) -> list[ArticlePage]:
    """Import one ninjs file; return its articles in input order.

    `section` (a SectionPage or its slug) receives new articles; without it an
    item goes to the section whose title equals one of its subjects or genres.
    Raises ImportFailed, after rolling back everything the file wrote,
    including image files already copied to storage."""
    created_files: list[str] = []
    try:
        with transaction.atomic():
            importer = _FileImporter(Path(path), str(path), section, created_files)
            pages = importer.run()
            # Articles imported earlier may link to items of this file.
            relink_pending(importer.uris)
    except BaseException:
        # The rows are gone with the transaction; the files are not.
        _delete_files(created_files)
        raise
    return [ArticlePage.objects.get(pk=page.pk) for page in pages]


def relink_pending(uris: Iterable[str] | None = None) -> list[ArticlePage]:
    """Rewrite links to now-known items in already imported articles.

    A link to an item that was not imported yet is kept as its uri (an external
    read-also with the link text as title, or `<a href="uri">`); once an
    article with that `source_uri` exists, this turns it into a page link.
    `uris` limits the search to links to those items (all known items when
    None). Returns the articles that changed."""
    known = dict(
        ArticlePage.objects.exclude(source_uri="").order_by("-pk").values_list("source_uri", "pk")
    )
    targets = list(known) if uris is None else [uri for uri in set(uris) if uri in known]
    if not targets:
        return []
    candidates = ArticlePage.objects.all() if uris is None else _pages_mentioning(targets)
    changed = []
    for page in candidates.order_by("pk"):
        if _relink_page(page, known.get):
            changed.append(page)
    return changed


def public_path(page: ArticlePage) -> str:
    """The article's URL path on its site (`/politics/slug/`)."""
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


# -- one file ------------------------------------------------------------------
def keep_as_draft(page: ArticlePage) -> ArticlePage:
    """Save the imported text as a revision for editors, off the site."""
    if page.live:
        ArticlePage.objects.get(pk=page.pk).unpublish()
        page.refresh_from_db(fields=["live", "live_revision", "has_unpublished_changes"])
    page.go_live_at = None
    page.save_revision()
    return page


def publish_with_source_dates(page: ArticlePage, go_live_at, apply_dates) -> ArticlePage:
    """Publish the imported revision (scheduled when `go_live_at` is in the
    future). Publishing stamps import time: once the page is live on this
    revision, `apply_dates(published page)` puts the source's dates back."""
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    published = ArticlePage.objects.get(pk=page.pk)
    if published.live and published.live_revision_id == revision.pk:
        apply_dates(published)
    return published


def section_argument(value: SectionPage | str | None, fail) -> SectionPage | None:
    """An importer's `--section`: a SectionPage, a section slug, or None (each
    item's own). An unknown slug raises `fail(None, "section", message)`."""
    if value is None or isinstance(value, SectionPage):
        return value
    section = SectionPage.objects.filter(slug=value).first()
    if section is None:
        raise fail(None, "section", f"unknown section {value!r}")
    return section


class _FileImporter:
    def __init__(
        self,
        path: Path,
        display: str,
        section: SectionPage | str | None,
        created_files: list[str],
    ):
        self.path = path
        self.display = display
        self.base_dir = path.parent
        self.section_arg = section
        self.created_files = created_files
        self.uri_pages: dict[str, int] = {}
        self.link_cache: dict[str, int | None] = {}
        self.uris: list[str] = []

    def fail(self, item: ItemData | None, field: str | None, message: str) -> ImportFailed:
        if item is None:
            return ImportFailed(self.display, None, field, message)
        return ImportFailed(self.display, item.index, field, message, uri=item.uri)

    def run(self) -> list[ArticlePage]:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise self.fail(None, None, "not UTF-8 text") from None
        except OSError as exc:
            raise self.fail(None, None, f"cannot read file: {exc.strerror or exc}") from None
        try:
            items = ninjs.parse_json(text)
        except ItemError as exc:
            raise ImportFailed(
                self.display, exc.index, exc.field, exc.message, uri=exc.uri
            ) from None
        self.uris = [item.uri for item in items]
        section = section_argument(self.section_arg, self.fail)

        # Pass 1: every item gets its page (and id) before any body is
        # written, so links between items of this file resolve whatever
        # their order.
        pages = []
        for item in items:
            page = self.existing_page(item.uri) or self.create_page(item, section)
            self.uri_pages[item.uri] = page.pk
            pages.append(page)
        # Pass 2: content, revision, publication.
        return [self.write(item, page) for item, page in zip(items, pages, strict=True)]

    # -- sections and pages ----------------------------------------------------
    def section_for(self, item: ItemData, section: SectionPage | None) -> SectionPage:
        if section is not None:
            return section
        for name in item.section_names:
            match = SectionPage.objects.filter(title=name).first()
            if match:
                return match
        raise self.fail(
            item,
            "section",
            "no section: pass --section SLUG (no subject or genre is the title of a section)",
        )

    @staticmethod
    def existing_page(uri: str) -> ArticlePage | None:
        return ArticlePage.objects.filter(source_uri=uri).order_by("pk").first()

    def create_page(self, item: ItemData, section: SectionPage | None) -> ArticlePage:
        parent = self.section_for(item, section)
        page = ArticlePage(
            title=item.headline,
            slug=unique_slug(parent, item.headline),
            source_uri=item.uri,
            dek=item.dek,
            live=False,
        )
        parent.add_child(instance=page)
        return page

    def write(self, item: ItemData, page: ArticlePage) -> ArticlePage:
        page.title = item.headline
        page.dek = item.dek
        page.hero_image, page.hero_caption = self.hero(item)
        page.body = self.body(item)
        page.article_authors = [
            ArticleAuthor(author=author) for author in authors_for(item.bylines)
        ]
        page.tags.set(item.tags)

        if not item.publishable:
            # withheld / canceled: keep the text for editors, take it off the site.
            return keep_as_draft(page)

        embargoed = item.embargoed and item.embargoed > timezone.now()
        # A future embargo schedules the publication (Wagtail's go_live_at).
        return publish_with_source_dates(
            page,
            item.embargoed if embargoed else None,
            partial(self.apply_source_dates, item),
        )

    @staticmethod
    def apply_source_dates(item: ItemData, page: ArticlePage) -> None:
        """Publishing stamped import time (and mark_published may have set
        «آخر تحديث»); the source's own dates win."""
        first = item.firstcreated or item.versioncreated
        if first is None:
            return  # Nothing to say: keep Wagtail's dates.
        updated = (
            item.versioncreated if item.versioncreated and item.versioncreated > first else None
        )
        content_hash = page.content_hash()
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=first, last_updated_at=updated, published_hash=content_hash
        )
        page.first_published_at, page.last_updated_at = first, updated
        page.published_hash = content_hash

    # -- body ------------------------------------------------------------------
    def body(self, item: ItemData) -> list[dict[str, Any]]:
        if item.body_is_html:
            blocks = html_to_blocks(
                item.body,
                resolve_link=self.resolve_link,
                resolve_image=partial(self.body_image, item),
                headline=item.headline,
            )
        else:
            blocks = text_to_blocks(item.body)
        return [
            {
                "type": kind,
                "value": value,
                "id": str(uuid.uuid5(BLOCK_NAMESPACE, f"{item.uri}#{n}")),
            }
            for n, (kind, value) in enumerate(blocks)
        ]

    def resolve_link(self, href: str) -> int | None:
        if href in self.uri_pages:
            return self.uri_pages[href]
        if href not in self.link_cache:
            self.link_cache[href] = (
                ArticlePage.objects.filter(source_uri=href)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
                if href
                else None
            )
        return self.link_cache[href]

    # -- images ----------------------------------------------------------------
    def hero(self, item: ItemData) -> tuple[SahifaImage | None, str]:
        if item.hero is None:
            return None, ""
        image = self.picture_image(item, item.hero)
        caption = item.hero.caption[:500]
        # The image's own caption is the default; repeat it only if it differs.
        return image, "" if caption == image.caption else caption

    def picture_image(self, item: ItemData, picture: PictureData) -> SahifaImage:
        """The largest local rendition of a picture association."""
        if not picture.renditions:
            raise self.fail(
                item, f"{picture.field}.renditions", "missing (no rendition with an href)"
            )
        ordered = sorted(picture.renditions, key=lambda rendition: rendition.area, reverse=True)
        for rendition in ordered:
            path = self.local_path(rendition.href)
            if path is not None:
                return self.image_from_path(
                    item,
                    path,
                    field=f"{picture.field}.renditions.{rendition.name}",
                    uri=picture.uri,
                    title=picture.headline or picture.caption,
                    caption=picture.caption,
                    alt=picture.alt,
                    photographer=picture.photographer,
                    agency=picture.agency,
                )
        raise self.fail(
            item,
            f"{picture.field}.renditions",
            f"image must be a local file (got {ordered[0].href}); remote images are not downloaded",
        )

    def body_image(self, item: ItemData, attrs: dict[str, str]) -> int | None:
        """An <img> of the body: a picture association it refers to, or a
        local file. Anything else is left out, with a warning."""
        ref, data_uri, src = (
            attrs.get("data-assoc-ref"),
            attrs.get("data-uri"),
            attrs.get("src", ""),
        )
        picture = next(
            (
                picture
                for picture in item.pictures
                if (ref and picture.name == ref) or (picture.uri and picture.uri in (data_uri, src))
            ),
            None,
        )
        try:
            if picture is not None:
                if item.hero is not None and picture is item.hero:
                    return None  # already shown above the body
                return self.picture_image(item, picture).pk
            path = self.local_path(src) if src else None
            if path is None:
                logger.warning(
                    "%s: body image %r left out: not a local file", self.where(item), src
                )
                return None
            alt = " ".join(attrs.get("alt", "").split())
            return self.image_from_path(
                item, path, field="body", uri="", title=alt or path.name, caption=alt, alt=alt
            ).pk
        except ImportFailed as exc:
            logger.warning("%s: body image left out: %s", self.where(item), exc.message)
            return None

    def where(self, item: ItemData) -> str:
        return f"{self.display}: item {item.index} ({item.uri})"

    def local_path(self, href: str) -> Path | None:
        """A rendition href as a local path (relative to the JSON file, or a
        file:// URL); None for anything remote."""
        parts = urlsplit(href)
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                return None
            return Path(url2pathname(parts.path))
        if len(parts.scheme) > 1:  # http(s), data:…; one letter is a Windows drive
            return None
        path = self.base_dir / href
        if not path.exists() and "%" in href:
            path = self.base_dir / unquote(href)
        return path

    def image_from_path(
        self,
        item: ItemData,
        path: Path,
        *,
        field: str,
        uri: str,
        title: str,
        caption: str = "",
        alt: str = "",
        photographer: str = "",
        agency: str = "",
    ) -> SahifaImage:
        if not path.is_file():
            raise self.fail(item, field, f"image file not found: {path}")
        problem = image_problem(path)
        if problem:
            raise self.fail(item, field, problem)
        return store_image(
            path,
            source_uri=(uri or path.resolve().as_uri())[:500],
            created_files=self.created_files,
            title=(title or path.name)[:255],
            caption=caption[:500],
            description=alt[:255],
            photographer=photographer[:200],
            agency=agency[:200],
        )


# -- helpers ---------------------------------------------------------------------
def image_problem(path: Path) -> str | None:
    """Why `path` is not a usable picture, or None."""
    try:
        with PILImage.open(path) as image:
            image.verify()
        # verify() does not decode pixel data; a truncated file fails here.
        with PILImage.open(path) as image:
            image.load()
    except _IMAGE_ERRORS as exc:
        return f"unreadable image {path.name}: {exc}"
    return None


def store_image(path: Path, *, source_uri: str, created_files: list[str], **fields) -> SahifaImage:
    """The image already imported from `source_uri` with the same bytes, or a
    new one stored from `path` (recorded in `created_files`, so a failed
    import can delete it)."""
    with path.open("rb") as handle:
        file_hash = hash_filelike(handle)
    existing = (
        SahifaImage.objects.filter(source_uri=source_uri, file_hash=file_hash)
        .order_by("pk")
        .first()
    )
    if existing:
        return existing
    with path.open("rb") as handle:
        image = SahifaImage(source_uri=source_uri, **fields)
        image.file = ImageFile(handle, name=path.name)
        # What Wagtail's upload form does: file size and hash (for reuse).
        image._set_image_file_metadata()
        image.save()
    created_files.append(image.file.name)
    return image


def unique_slug(parent: SectionPage, headline: str) -> str:
    """slugify(headline), cut at a word boundary near SLUG_LENGTH, unique
    among the parent's children."""
    base = slugify(headline, allow_unicode=True)
    if len(base) > SLUG_LENGTH:
        cut = base[: SLUG_LENGTH + 1]
        base = cut[: cut.rfind("-")] if "-" in cut else base[:SLUG_LENGTH]
    base = base.strip("-") or "article"
    siblings = parent.get_children()
    slug, n = base, 2
    while siblings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def authors_for(names: list[str]) -> list[Author]:
    """Authors by name, created when new (slug from the name, made unique)."""
    authors = []
    for name in names:
        name = name[:200]
        author = Author.objects.filter(name=name).order_by("pk").first()
        if author is None:
            base = slugify(name, allow_unicode=True)[:190].strip("-") or "author"
            slug, n = base, 2
            while Author.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            author = Author.objects.create(name=name, slug=slug)
        if author not in authors:
            authors.append(author)
    return authors


def _pages_mentioning(uris: list[str]) -> models.QuerySet[ArticlePage]:
    """Articles whose live body or latest revision contains one of `uris`.

    A text search over the stored JSON narrows the candidates; _relink_page
    then checks the blocks properly."""
    variants: set[str] = set()
    for uri in uris:
        for form in (uri, html_lib.escape(uri)):
            escaped = json.dumps(form)[1:-1]
            variants |= {form, escaped, json.dumps(escaped)[1:-1]}
    query = models.Q()
    for variant in variants:
        query |= models.Q(body_text__contains=variant) | models.Q(revision_text__contains=variant)
    return ArticlePage.objects.annotate(
        body_text=Cast("body", models.TextField()),
        revision_text=Cast("latest_revision__content", models.TextField()),
    ).filter(query)


def _relink_page(page: ArticlePage, resolve: LinkResolver) -> bool:
    """Relink the live body (republishing when no draft is pending) and the
    latest draft. Returns whether anything changed."""
    changed = False
    if page.live:
        raw = page.body.get_prep_value()
        if relink_blocks(raw, resolve):
            first, updated = page.first_published_at, page.last_updated_at
            page.body = raw
            if page.has_unpublished_changes:
                # An editor's draft is pending: fix what readers see without
                # publishing the draft (which is relinked below).
                ArticlePage.objects.filter(pk=page.pk).update(
                    body=page.body, published_hash=page.content_hash()
                )
            else:
                page.save_revision().publish()
                # A resolved link is not an editorial update: keep the dates.
                published = ArticlePage.objects.get(pk=page.pk)
                ArticlePage.objects.filter(pk=page.pk).update(
                    first_published_at=first,
                    last_updated_at=updated,
                    published_hash=published.content_hash(),
                )
            changed = True
    latest = page.get_latest_revision()
    if latest and (not page.live or page.has_unpublished_changes):
        draft = latest.as_object()
        raw = draft.body.get_prep_value()
        if relink_blocks(raw, resolve):
            draft.body = raw
            # Keep a scheduled (embargoed) publication on the new revision.
            scheduled = latest.approved_go_live_at
            draft.save_revision(approved_go_live_at=scheduled)
            if scheduled:
                latest.approved_go_live_at = None
                latest.save(update_fields=["approved_go_live_at"])
            changed = True
    return changed


def _delete_files(names: list[str]) -> None:
    storage = SahifaImage._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete %s after a failed import", name)
