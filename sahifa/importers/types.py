"""Plain data passed between the ninjs parser, the HTML converter and the
import services. Nothing here touches the database, so parsing can be tested
without one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    # Where the association sits in the source, for error messages
    # (`associations.featureimage`).
    field: str
    caption: str = ""
    alt: str = ""
    headline: str = ""
    photographer: str = ""
    agency: str = ""
    renditions: list[Rendition] = field(default_factory=list)


@dataclass
class ItemData:
    """One ninjs item, reduced to what an ArticlePage needs."""

    index: int  # 1-based position in the file, as people count
    uri: str
    version: int  # ninjs major version: 1 or 2
    headline: str
    dek: str = ""
    body: str = ""
    body_is_html: bool = True
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

    @property
    def publishable(self) -> bool:
        return self.pubstatus == "usable"


class ItemError(ValueError):
    """Bad input in one item (or in the file as a whole when `index` is None).

    Raised by the pure parser, which does not know the file name; the services
    turn it into an `ImportFailed` that does."""

    def __init__(self, index: int | None, uri: str, field: str | None, message: str):
        super().__init__(message)
        self.index = index
        self.uri = uri
        self.field = field
        self.message = message
