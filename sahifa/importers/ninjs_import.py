"""Import IPTC ninjs files: read the file, parse it (`ninjs.py`) and write its
items with the article writer. Each file is all-or-nothing."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sahifa.articles.models import ArticlePage
from sahifa.sections.models import SectionPage

from . import ninjs
from .types import ImportFailed, ItemData, ItemError
from .writer import ImportPolicy, import_batch, section_argument, upsert_article


def import_file(path: str | Path, section: SectionPage | str | None = None) -> list[ArticlePage]:
    """Import one ninjs file; return its articles in input order.

    `section` (a SectionPage or its slug) receives new articles; without it an
    item goes to the section whose title equals one of its subjects or genres.
    Raises ImportFailed, after rolling back everything the file wrote,
    including image files already copied to storage."""
    display = str(path)
    path = Path(path)
    items = read_items(path, display)
    with import_batch() as batch:
        chosen = section_argument(section, display)
        policy = ImportPolicy(
            source=display,
            place=partial(_section_for, chosen, display),
            pictures_dir=path.parent,
        )
        batch.place(items, policy)
        pages = [upsert_article(item, policy, batch).page for item in items]
    return [ArticlePage.objects.get(pk=page.pk) for page in pages]


def read_items(path: Path, display: str) -> list[ItemData]:
    """The file's items; ImportFailed names the file (and item) at fault."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(display, None, None, "not UTF-8 text") from None
    except OSError as exc:
        raise ImportFailed(
            display, None, None, f"cannot read file: {exc.strerror or exc}"
        ) from None
    try:
        return ninjs.parse_json(text)
    except ItemError as exc:
        raise ImportFailed(display, exc.index, exc.field, exc.message, uri=exc.uri) from None


def _section_for(section: SectionPage | None, display: str, item: ItemData) -> SectionPage:
    if section is not None:
        return section
    for name in item.section_names:
        match = SectionPage.objects.filter(title=name).first()
        if match:
            return match
    raise ImportFailed.for_item(
        display,
        item,
        "section",
        "no section: pass --section SLUG (no subject or genre is the title of a section)",
    )
