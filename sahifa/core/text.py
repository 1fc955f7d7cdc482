"""Clean text: the one rule for what characters Sahifa stores and serialises.

Stripped: C0 controls except tab and newline (a carriage return becomes a
newline), DEL and the C1 controls, Unicode noncharacters (U+FDD0–U+FDEF and
the last two code points of every plane) and lone surrogates. None of them
is text a reader can see; several are not allowed in XML 1.0 at all (NUL,
\\x0b, \\x0c, U+FFFE), so one of them in a headline breaks every feed and
sitemap, and a lone surrogate cannot even be encoded as UTF-8.

Applied where text enters (the importers' writer, a pre_save hook on every
model of ours and on page revisions, see `clean_instance`) and again where
XML leaves (feeds and sitemaps), so rows stored before the rule cannot break
them. It lives in core, not analysis: it is about code points, not about
Arabic."""

from __future__ import annotations

import re
from typing import Any

from taggit.utils import _parse_tags

_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff" + _NONCHARACTERS + "]"
)
_NEWLINES = re.compile("\r\n?")


def clean_text(value: str) -> str:
    """`value` without control characters (tab and newline kept, CR → LF),
    noncharacters and lone surrogates."""
    if not value:
        return value
    if "\r" in value:
        value = _NEWLINES.sub("\n", value)
    return _UNWANTED.sub("", value)


def is_clean(value: str) -> bool:
    return not (_UNWANTED.search(value) or "\r" in value)


def clean_data(value: Any) -> Any:
    """`clean_text` over every string (keys included) of JSON-like data:
    StreamField values, revision content, feed items."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(clean_data(item) for item in value)
    return value


def tags_from_string(value: str) -> list[str]:
    """TAGGIT_TAGS_FROM_STRING: the admin's tag field, cleaned before taggit
    looks the names up (cleaning later could turn a new name into one that
    exists, and the insert would fail)."""
    names = (" ".join(clean_text(name).split()) for name in _parse_tags(clean_text(value)))
    return sorted({name for name in names if name})
