"""The one article writer. Every importer (ninjs files, WordPress exports,
agency wires) turns its items into `ItemData` and hands them to
`upsert_article()`, with an `ImportPolicy` for what differs per source.

The rules are the same for all: an item is found again by its `source_uri`
(re-imports update, never duplicate); authors, tags and pictures are matched
or created; the page carries the source's dates (first created → «نشر», a
later version → «آخر تحديث»); a future embargo schedules the publication;
withheld and canceled items are kept as drafts; and links to items imported
later are rewritten when those arrive (`relink.relink_pending`)."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.utils.file import hash_filelike

from sahifa.articles import lifecycle
from sahifa.articles.models import ArticleAuthor, ArticlePage
from sahifa.authors.models import Author
from sahifa.core.models import SahifaImage
from sahifa.core.text import clean_text
from sahifa.sections.models import SectionPage

from .html import HtmlTooDeep, html_to_blocks, text_to_blocks
from .models import SourceAlias
from .relink import page_for_address, relink_pending
from .types import ImportFailed, ItemData, PictureData

logger = logging.getLogger(__name__)

SLUG_LENGTH = 60
# Deterministic block ids: an unchanged re-import yields the same body JSON,
# hence the same content hash, hence no «آخر تحديث».
BLOCK_NAMESPACE = uuid.UUID("6f1f6f0e-5a1b-4b7c-9d3e-2c1d0a9b8e71")
_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError)


@dataclass(frozen=True)
class ImportPolicy:
    """What differs between sources; the writer does the rest the same way."""

    # The file or feed: the first part of every error and warning.
    source: str
    # The section a new article goes to (asked only for items not imported before).
    place: Callable[[ItemData], SectionPage]
    # False: usable items are kept as drafts too, for the editors to publish
    # (a wire source without «النشر مباشرة»).
    publish: bool = True
    # A version later than the first by more than this is «آخر تحديث»
    # (WordPress moves `modified` on any save).
    update_threshold: timedelta = timedelta(0)
    # Relative picture paths are read from here. None: a body <img> that is
    # not one of the item's pictures is left out silently (wires: an agency
    # photo needs its own licence; WordPress: the importer found each upload).
    pictures_dir: Path | None = None
    # Other folders pictures may be read from (WordPress: the uploads copy).
    # No picture is ever read outside these, `pictures_dir` and the
    # SAHIFA_IMPORTERS_PICTURE_ROOTS setting: `../` and absolute paths that
    # leave them are refused, symlinks included.
    picture_roots: tuple[Path, ...] = ()
    # A hero picture that cannot be stored fails the item (ninjs), or is left
    # out with a warning (WordPress, where missing uploads are common).
    strict_pictures: bool = True
    # A second key links are looked up by within the batch (WordPress: an old
    # permalink's path, whatever host or scheme the link was written with).
    link_key: Callable[[str], str] | None = None


@dataclass
class WriteResult:
    page: ArticlePage
    created: bool
    warnings: list[str] = field(default_factory=list)


class Batch:
    """One import run (a file, an export, a wire item), written in one
    transaction by `import_batch()`."""

    def __init__(self) -> None:
        self.placed: dict[str, tuple[ArticlePage, bool]] = {}  # uri → (page, created)
        self.pages: dict[str, int] = {}  # address of an item of this run → page id
        self.lookups: dict[str, int | None] = {}  # addresses looked up in the database
        self.created_files: list[str] = []  # deleted again if the run fails
        self.addresses: list[str] = []  # of the items written, for relinking

    def place(self, items: Iterable[ItemData], policy: ImportPolicy) -> None:
        """Give every item its page before any body is written, so links
        between the items resolve whatever their order."""
        for item in items:
            _page_for(clean_item(item), policy, self)


@contextmanager
def import_batch() -> Iterator[Batch]:
    """A transaction for one run: if anything fails, nothing it wrote stays
    (image files included); once written, earlier articles that link to its
    items are relinked."""
    batch = Batch()
    try:
        # One purge of the pages the run's articles show up on, at the commit:
        # not one per article, each sending readers back to a render.
        with transaction.atomic(), lifecycle.batch():
            yield batch
            relink_pending(batch.addresses)
    except BaseException:
        # The rows are gone with the transaction; the files are not.
        _delete_files(batch.created_files)
        raise


def upsert_article(item: ItemData, policy: ImportPolicy, batch: Batch | None = None) -> WriteResult:
    """Create or update the article for `item` and publish it (or keep it as a
    draft) by the policy. Without a `batch`, the item is a run of its own.
    Raises ImportFailed naming the source, item and field."""
    if batch is None:
        with import_batch() as own:
            return upsert_article(item, policy, own)
    clean_item(item)
    page, created = _page_for(item, policy, batch)
    writer = _ItemWriter(item, policy, batch, page)
    return WriteResult(writer.write(), created, writer.warnings)


def clean_item(item: ItemData) -> ItemData:
    """The clean-text rule (core/text.py) over every text of an item, in
    place (idempotent): whatever the source, no control character,
    noncharacter or lone surrogate reaches the database."""
    _clean_fields(item)
    for picture in {id(p): p for p in [*item.pictures, item.hero] if p}.values():
        _clean_fields(picture)
    return item


def _clean_fields(obj: Any) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            setattr(obj, f.name, clean_text(value))
        elif isinstance(value, list) and value and isinstance(value[0], str):
            setattr(obj, f.name, [clean_text(v) for v in value])


def section_argument(value: SectionPage | str | None, source: str) -> SectionPage | None:
    """An importer's `--section`: a SectionPage, a section slug, or None (each
    item's own). An unknown slug raises ImportFailed."""
    if value is None or isinstance(value, SectionPage):
        return value
    section = SectionPage.objects.filter(slug=value).first()
    if section is None:
        raise ImportFailed(source, None, "section", f"unknown section {value!r}")
    return section


def public_path(page: ArticlePage) -> str:
    """The article's URL path on its site (`/politics/slug/`)."""
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def unique_slug(parent: SectionPage, headline: str) -> str:
    """slugify(headline), cut at a word boundary near SLUG_LENGTH, unique
    among the parent's children."""
    base = slugify(headline, allow_unicode=True)
    if len(base) > SLUG_LENGTH:
        cut = base[: SLUG_LENGTH + 1]
        base = cut[: cut.rfind("-")] if "-" in cut else base[:SLUG_LENGTH]
    siblings = parent.get_children()
    return _first_free(base.strip("-") or "article", lambda s: siblings.filter(slug=s).exists())


def _first_free(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`… : the first that is not taken."""
    slug, n = base, 2
    while taken(slug):
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
            slug = _first_free(base, lambda s: Author.objects.filter(slug=s).exists())
            author = Author.objects.create(name=name, slug=slug)
        if author not in authors:
            authors.append(author)
    return authors


def image_problem(path: Path, name: str | None = None) -> str | None:
    """Why `path` is not a usable picture, or None. `name` is how messages
    call it (Pillow's own messages carry the absolute path: not repeated)."""
    name = name or path.name
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with PILImage.open(path) as image:
            # The header alone: a decompression bomb is refused unread.
            width, height = image.size
            if limit and width * height > limit:
                return (
                    f"image too large: {name} is {width}×{height} pixels "
                    f"(at most {limit:,} pixels, SAHIFA_IMAGES_MAX_PIXELS)"
                )
            image.verify()
        # verify() does not decode pixel data; a truncated file fails here.
        with PILImage.open(path) as image:
            image.load()
    except _IMAGE_ERRORS as exc:
        return f"unreadable image {name}: {_image_error(exc, path)}"
    return None


def _image_error(exc: BaseException, path: Path) -> str:
    if isinstance(exc, PILImage.DecompressionBombError):
        return "too many pixels"
    if isinstance(exc, PILImage.UnidentifiedImageError):
        return "not an image format Pillow reads"
    if isinstance(exc, OSError) and exc.filename:
        return exc.strerror or "cannot be read"
    text = str(exc)
    for shown in {str(path), str(path.resolve())}:
        text = text.replace(shown, "…")
    return text


# -- pages ---------------------------------------------------------------------
def _page_for(item: ItemData, policy: ImportPolicy, batch: Batch) -> tuple[ArticlePage, bool]:
    if item.uri in batch.placed:
        return batch.placed[item.uri]
    page = ArticlePage.objects.filter(source_uri=item.uri).order_by("pk").first()
    created = page is None
    if page is None:
        parent = policy.place(item)
        slug = item.slug
        if not slug or parent.get_children().filter(slug=slug).exists():
            slug = unique_slug(parent, item.headline)
        page = ArticlePage(
            title=item.headline, slug=slug, source_uri=item.uri, dek=item.dek, live=False
        )
        parent.add_child(instance=page)
    batch.placed[item.uri] = (page, created)
    for address in (item.uri, *item.aliases):
        batch.pages[address] = page.pk
        if policy.link_key:
            batch.pages[policy.link_key(address)] = page.pk
    return page, created


def _register_aliases(page: ArticlePage, aliases: list[str]) -> None:
    wanted = {alias[:500] for alias in aliases if alias} - {page.source_uri}
    SourceAlias.objects.filter(page=page).exclude(uri__in=wanted).delete()
    if wanted:
        have = set(SourceAlias.objects.filter(page=page).values_list("uri", flat=True))
        SourceAlias.objects.bulk_create(
            [SourceAlias(page=page, uri=uri) for uri in sorted(wanted - have)]
        )


def _keep_as_draft(page: ArticlePage, embargo: datetime | None) -> ArticlePage:
    """Save the imported text as a revision for editors, off the site."""
    if page.live:
        ArticlePage.objects.get(pk=page.pk).unpublish()
        page.refresh_from_db(fields=["live", "live_revision", "has_unpublished_changes"])
    # An embargo stays the draft's «موعد النشر»: publishing earlier schedules it.
    page.go_live_at = embargo
    # Off the site, the page row holds the draft too (as when Wagtail creates
    # a page), authors and tags included.
    page.save()
    page.save_revision()
    return page


def _publish(
    page: ArticlePage, embargo: datetime | None, apply_dates: Callable[[ArticlePage], None]
) -> ArticlePage:
    """Publish the imported revision (scheduled when under embargo).
    Publishing stamps import time: once the page is live on this revision,
    `apply_dates(published page)` puts the source's dates back."""
    page.go_live_at = embargo
    revision = page.save_revision()
    revision.publish()
    published = ArticlePage.objects.get(pk=page.pk)
    if published.live and published.live_revision_id == revision.pk:
        apply_dates(published)
    return published


# -- one item ------------------------------------------------------------------
class _ItemWriter:
    def __init__(self, item: ItemData, policy: ImportPolicy, batch: Batch, page: ArticlePage):
        self.item = item
        self.policy = policy
        self.batch = batch
        self.page = page
        self.warnings: list[str] = []
        self.images: dict[int, SahifaImage] = {}  # id(picture) → its stored image

    def fail(self, field_name: str | None, message: str) -> ImportFailed:
        return ImportFailed.for_item(self.policy.source, self.item, field_name, message)

    def warn(self, message: str) -> None:
        text = f"{self.policy.source}: item {self.item.index} ({self.item.uri}): {message}"
        logger.warning(text)
        self.warnings.append(text)

    def write(self) -> ArticlePage:
        item, page = self.item, self.page
        page.title = item.headline
        page.dek = item.dek
        page.hero_image, page.hero_caption = self.hero()
        page.body = self.body()
        page.article_authors = [
            ArticleAuthor(author=author) for author in authors_for(item.bylines)
        ]
        page.tags.set(item.tags)
        _register_aliases(page, item.aliases)
        self.batch.addresses += [item.uri, *item.aliases]

        embargo = item.embargoed if item.embargoed and item.embargoed > timezone.now() else None
        if not (item.publishable and self.policy.publish):
            # Withheld, canceled, or a source whose items editors publish:
            # keep the text for editors, off the site.
            return _keep_as_draft(page, embargo)
        return _publish(page, embargo, self.apply_dates)

    def apply_dates(self, page: ArticlePage) -> None:
        """The source's own dates replace the import time publishing stamped
        (and a «آخر تحديث» mark_published may have set)."""
        item = self.item
        first = item.firstcreated or item.versioncreated
        if first is None:
            return  # Nothing to say: keep Wagtail's dates.
        version = item.versioncreated
        updated = version if version and version - first > self.policy.update_threshold else None
        content_hash = page.content_hash()
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=first, last_updated_at=updated, published_hash=content_hash
        )
        page.first_published_at, page.last_updated_at = first, updated
        page.published_hash = content_hash

    # -- body ------------------------------------------------------------------
    def body(self) -> list[dict[str, Any]]:
        item = self.item
        limit = settings.SAHIFA_ARTICLES_BODY_MAX_CHARS
        if len(item.body) > limit:
            raise self.fail(
                "body",
                f"too long: {len(item.body):,} characters "
                f"(at most {limit:,}, SAHIFA_ARTICLES_BODY_MAX_CHARS)",
            )
        if item.body_is_html:
            try:
                blocks = html_to_blocks(
                    item.body,
                    resolve_link=self.resolve_link,
                    resolve_image=self.body_image,
                    headline=item.headline,
                )
            except HtmlTooDeep as exc:
                raise self.fail("body", str(exc)) from None
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
        pages = self.batch.pages
        page_id = pages.get(href)
        if page_id is None and self.policy.link_key:
            page_id = pages.get(self.policy.link_key(href))
        if page_id is None:
            if href not in self.batch.lookups:
                self.batch.lookups[href] = page_for_address(href)
            page_id = self.batch.lookups[href]
        # A link to the item itself is left as written (a wire item's credit
        # links to the agency's original).
        return None if page_id == self.page.pk else page_id

    # -- pictures --------------------------------------------------------------
    def hero(self) -> tuple[SahifaImage | None, str]:
        picture = self.item.hero
        if picture is None:
            return None, ""
        try:
            image = self.picture_image(picture)
        except ImportFailed as exc:
            if self.policy.strict_pictures:
                raise
            self.warn(f"hero image left out: {exc.field}: {exc.message}")
            return None, ""
        caption = picture.caption[:500]
        # The image's own caption is the default; repeat it only if it differs.
        return image, "" if caption == image.caption else caption

    def body_image(self, attrs: dict[str, str]) -> int | None:
        """An <img> of the body: one of the item's pictures, or a local file.
        Anything else is left out, with a warning."""
        ref, data_uri, src = (
            attrs.get("data-assoc-ref"),
            attrs.get("data-uri"),
            attrs.get("src", ""),
        )
        picture = next(
            (
                picture
                for picture in self.item.pictures
                if (ref and picture.name == ref)
                or (picture.uri and picture.uri in (data_uri, src))
                or (src and src in picture.aliases)
            ),
            None,
        )
        if picture is None and self.policy.pictures_dir is None:
            return None
        try:
            if picture is not None:
                if picture is self.item.hero:
                    return None  # already shown above the body
                return self.picture_image(picture).pk
            path = self.local_path(src, "body") if src else None
            if path is None:
                self.warn(f"body image {src!r} left out: not a local file")
                return None
            alt = " ".join(attrs.get("alt", "").split())
            return self.image_from_path(
                path, shown=src, field="body", uri="", title=alt or path.name, caption=alt, alt=alt
            ).pk
        except ImportFailed as exc:
            self.warn(f"body image left out: {exc.message}")
            return None

    def picture_image(self, picture: PictureData) -> SahifaImage:
        """The largest local rendition of a picture."""
        if id(picture) in self.images:
            return self.images[id(picture)]
        if not picture.renditions:
            raise self.fail(f"{picture.field}.renditions", "missing (no rendition with an href)")
        ordered = sorted(picture.renditions, key=lambda rendition: rendition.area, reverse=True)
        for rendition in ordered:
            field_name = f"{picture.field}.renditions.{rendition.name}"
            path = self.local_path(rendition.href, field_name)
            if path is not None:
                image = self.image_from_path(
                    path,
                    shown=path.name if rendition.href.startswith("file:") else rendition.href,
                    field=field_name,
                    uri=picture.uri,
                    title=picture.headline or picture.caption,
                    caption=picture.caption,
                    alt=picture.alt,
                    photographer=picture.photographer,
                    agency=picture.agency,
                )
                self.images[id(picture)] = image
                return image
        raise self.fail(
            f"{picture.field}.renditions",
            f"image must be a local file (got {ordered[0].href}); remote images are not downloaded",
        )

    def local_path(self, href: str, field_name: str) -> Path | None:
        """An href as a local path (relative to the policy's pictures_dir, or
        a file:// URL); None for anything remote. A path outside the allowed
        folders raises ImportFailed, with the same words whether or not the
        file exists."""
        try:
            parts = urlsplit(href)
        except ValueError:
            return None
        base = self.policy.pictures_dir
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                return None
            candidates = [Path(url2pathname(parts.path))]
        elif (
            len(parts.scheme) > 1 or base is None
        ):  # http(s), data:…; one letter is a Windows drive
            return None
        else:
            candidates = [base / href]
            if "%" in href:
                candidates.append(base / unquote(href))
        roots = self.picture_roots()
        resolved = []
        for candidate in candidates:
            try:
                resolved.append(candidate.resolve())
            except (OSError, RuntimeError, ValueError):  # loops, NUL
                resolved.append(None)
        # Any reading of the href that leaves the folders refuses it: its
        # existence outside is never looked at.
        if not all(p and any(p.is_relative_to(root) for root in roots) for p in resolved):
            raise self.fail(
                field_name,
                f"image {href!r} refused: pictures are read only inside the import folder",
            )
        return next((path for path in resolved if path.is_file()), resolved[0])

    def picture_roots(self) -> list[Path]:
        roots = [self.policy.pictures_dir, *self.policy.picture_roots]
        roots += [Path(root) for root in settings.SAHIFA_IMPORTERS_PICTURE_ROOTS]
        return [root.resolve() for root in roots if root is not None]

    def image_from_path(
        self,
        path: Path,
        *,
        shown: str = "",
        field: str,
        uri: str,
        title: str,
        caption: str = "",
        alt: str = "",
        photographer: str = "",
        agency: str = "",
    ) -> SahifaImage:
        # Named as the source wrote it: the server's paths stay unsaid.
        shown = shown or path.name
        if not path.is_file():
            raise self.fail(field, f"image file not found: {shown}")
        problem = image_problem(path, shown)
        if problem:
            raise self.fail(field, problem)
        return _store_image(
            path,
            source_uri=(uri or path.resolve().as_uri())[:500],
            created_files=self.batch.created_files,
            title=(title or path.name)[:255],
            caption=caption[:500],
            description=alt[:255],
            photographer=photographer[:200],
            agency=agency[:200],
        )


def _store_image(
    path: Path, *, source_uri: str, created_files: list[str], **fields: Any
) -> SahifaImage:
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


def _delete_files(names: list[str]) -> None:
    storage = SahifaImage._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete %s after a failed import", name)
