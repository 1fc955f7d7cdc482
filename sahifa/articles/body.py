"""Readings of a whole article body, built from its blocks' own readings.

The article's text — what search indexes, related news compares, «استمع
للمقال» speaks and the JSON-LD word count counts — is, in reading order:

    the headline, the dek, then the body's paragraphs (one line per
    paragraph, list item or line break), sub-headings and quotes (the
    quoted words, then who said them).

Not part of it: image and embed captions and credits (they describe a
picture or a link, and would interrupt a listener), «اقرأ أيضاً» titles
(they are other articles' headlines: indexing them made a search for one
story return every story linking to it), and link URLs.

Everything here reads the stored JSON (`StreamValue.raw_data`), so bulk
rebuilds never build block values or query images.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .blocks import ArticleBlock, ArticleBodyBlock, Link, Output, ParagraphBlock, ReadAlsoBlock
from .richtext import LinkResolver

BODY = ArticleBodyBlock()


def _block_of(item: dict[str, Any]) -> ArticleBlock | None:
    """The block that reads a stored item; None for a type this version does
    not know (a block type removed since is skipped, not an error)."""
    block = BODY.child_blocks.get(item.get("type") or "")
    return block if isinstance(block, ArticleBlock) else None


def _readable(raw_blocks: Iterable[dict[str, Any]]) -> Iterator[tuple[ArticleBlock, dict]]:
    for item in raw_blocks or ():
        block = _block_of(item)
        if block is not None:
            yield block, item


def body_lines(raw_blocks: Iterable[dict[str, Any]]) -> list[str]:
    """The body's part of the article's text, one entry per line."""
    return [
        line
        for block, item in _readable(raw_blocks)
        for line in block.text_lines(item.get("value"))
    ]


def body_text(raw_blocks: Iterable[dict[str, Any]]) -> str:
    return "\n".join(body_lines(raw_blocks))


def text_lines(title: str, dek: str, raw_blocks: Iterable[dict[str, Any]]) -> list[str]:
    """The whole article's text (see the module docstring), line by line."""
    head = [" ".join(part.split()) for part in (title or "", dek or "")]
    return [line for line in head if line] + body_lines(raw_blocks)


def body_links(raw_blocks: Iterable[dict[str, Any]]) -> list[Link]:
    return [
        link for block, item in _readable(raw_blocks) for link in block.links(item.get("value"))
    ]


def read_also_position(raw_blocks: Iterable[dict[str, Any]], after: int) -> int | None:
    """Index of the block an added «اقرأ أيضاً» should follow: the
    `after`-th paragraph. None when the body already has a «اقرأ أيضاً» or
    fewer paragraphs than that."""
    paragraphs, position = 0, None
    for index, item in enumerate(raw_blocks or ()):
        block = _block_of(item)
        if isinstance(block, ReadAlsoBlock):
            return None
        if isinstance(block, ParagraphBlock):
            paragraphs += 1
            if paragraphs == after:
                position = index
    return position


def relink(raw_blocks: list[dict[str, Any]], resolve: LinkResolver) -> bool:
    """Rewrite, in place, links of raw blocks that `resolve` now knows
    (source uris of items imported later). Returns whether anything changed."""
    changed = False
    for block, item in _readable(raw_blocks):
        new = block.relink(item.get("value"), resolve)
        if new != item.get("value"):
            item["value"], changed = new, True
    return changed


def portable_html(stream_value, out: Output) -> str:
    """The body as HTML for readers outside the site (feeds, newsletters);
    the caller sanitises it."""
    parts = []
    for bound in stream_value:
        if isinstance(bound.block, ArticleBlock):
            parts.append(bound.block.portable_html(bound.value, out))
    return "\n".join(part for part in parts if part)


def api_blocks(stream_value, out: Output) -> list[dict[str, Any]]:
    """The body as typed blocks for the API; blocks without a value a reader
    can use (an image without file, a read-also to an unpublished article)
    are left out."""
    items = []
    for bound in stream_value:
        if not isinstance(bound.block, ArticleBlock):
            continue
        value = bound.block.api_value(bound.value, out)
        if value is not None:
            items.append({"type": bound.block_type, "id": bound.id, "value": value})
    return items
