"""Plain data passed between the parsers (ninjs, WordPress, wires), the HTML
converter and the article writer. Nothing here touches the database, so
parsing can be tested without one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Dates a news item can have: older or later ones are typos or attacks
# (year 1 or 9999 overflow when moved to UTC, and mean nothing to readers).
FIRST_YEAR, LAST_YEAR = 1800, 2200


def date_problem(value: datetime) -> str | None:
    """Why `value` is not a plausible news date, or None."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"date out of range ({FIRST_YEAR}–{LAST_YEAR})"
    return None


@dataclass(frozen=True)
class Rendition:
    """One rendition of a picture association (ninjs `renditions`)."""

    name: str
    href: str
    width: int | None = None
    height: int | None = None

    @property
    def area(self) -> int:
        return (self.width or 0) * (self.height or 0)


@dataclass
class PictureData:
    """A picture association: the image plus its caption and credit."""

    name: str
    uri: str
    # Where the picture sits in the source, for error messages
    # (`associations.featureimage`).
    field: str
    caption: str = ""
    alt: str = ""
    headline: str = ""
    photographer: str = ""
    agency: str = ""
    renditions: list[Rendition] = field(default_factory=list)
    # Other addresses a body <img src> may show it by (WordPress links
    # resized copies such as `photo-300x200.jpg`).
    aliases: list[str] = field(default_factory=list)


@dataclass
class ItemData:
    """One item of any source (a ninjs item, a WordPress post, a wire entry),
    reduced to what an ArticlePage needs."""

    index: int  # 1-based position in the file or feed, as people count
    uri: str  # identity in the source: kept as ArticlePage.source_uri
    headline: str
    version: int = 0  # ninjs major version (1 or 2); 0 for other sources
    dek: str = ""
    body: str = ""
    body_is_html: bool = True
    # First created («نشر»), this version («آخر تحديث» when later), and an
    # embargo (not on the site before it).
    firstcreated: datetime | None = None
    versioncreated: datetime | None = None
    embargoed: datetime | None = None
    pubstatus: str = "usable"
    bylines: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Subject and genre names, matched against section titles when no
    # --section is given.
    section_names: list[str] = field(default_factory=list)
    hero: PictureData | None = None
    pictures: list[PictureData] = field(default_factory=list)
    # The slug the source already uses (a WordPress post_name), kept when free.
    slug: str = ""
    # Other addresses links may use for this item (a wire item's link, a
    # WordPress permalink); they resolve like `uri`.
    aliases: list[str] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        return self.pubstatus == "usable"


class ItemError(ValueError):
    """Bad input in one item (or in the file as a whole when `index` is None).

    Raised by the pure parser, which does not know the file name; the
    importer turns it into an `ImportFailed` that does."""

    def __init__(self, index: int | None, uri: str, field: str | None, message: str):
        super().__init__(message)
        self.index = index
        self.uri = uri
        self.field = field
        self.message = message


class ImportFailed(Exception):
    """A file (or feed item) could not be imported; names the file, item and
    field at fault.

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

    @classmethod
    def for_item(
        cls, file: str, item: ItemData | None, field: str | None, message: str
    ) -> ImportFailed:
        if item is None:
            return cls(file, None, field, message)
        return cls(file, item.index, field, message, uri=item.uri)

    def __str__(self) -> str:
        parts = [self.file]
        if self.item is not None:
            parts.append(f"item {self.item} ({self.uri})" if self.uri else f"item {self.item}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)
