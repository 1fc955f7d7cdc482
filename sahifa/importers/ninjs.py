"""IPTC ninjs (News in JSON) → `ItemData`.

Pure: takes decoded JSON (or its text) and returns plain dataclasses, raising
`ItemError` for anything it cannot use. Both schema families are read:

* ninjs 1.x: `headline`, `body_html`/`body_text`/`body_*`, `description_*`,
  `byline`, `subject`, `keywords`, `genre`, `associations` and `renditions` as
  objects keyed by name;
* ninjs 2.x: `headlines`, `bodies`, `descriptions`, `by`/`bylines`,
  `subjects`, `genres`, `associations` and `renditions` as lists of objects
  carrying a `name`.

The version comes from `standard.version` or `$schema` when present, otherwise
from the shape of the fields."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from sahifa.core.text import clean_data

from .html import html_to_text
from .types import ItemData, ItemError, PictureData, Rendition, date_problem

SUPPORTED_VERSIONS = (1, 2)
# Real ninjs is a handful of levels deep; anything deeper is an attack or a bug.
MAX_DEPTH = 32
PUBSTATUSES = {"usable", "withheld", "canceled"}
FEATURE_IMAGE = "featureimage"
PICTURE_TYPES = {"picture", "graphic"}

# Description roles, best first, that make a dek; roles that never do.
DEK_ROLES = ("summary", "abstract", "teaser", "lead", "standfirst", "dek")
PLAIN_DESCRIPTION_ROLES = ("", "text", "main", "description")
HTML_CONTENT_TYPES = {"text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml"}
HTML_BODY_ROLES = {"html", "html5", "richhtml5", "richtext", "xhtml"}
TEXT_CONTENT_TYPES = {"text/plain", ""}

_SCHEMA_VERSION = re.compile(r"ninjs[-_]schema[-_]v?(\d+)", re.IGNORECASE)
_LEADING_MAJOR = re.compile(r"\s*v?(\d+)")
_LOOKS_HTML = re.compile(r"<(p|div|br|h[1-6]|ul|ol|blockquote|figure|section|article)\b", re.I)
# "A and B", "A، B", "A و B": byline strings often carry several names.
_BYLINE_SPLIT = re.compile(r"\s*(?:[,،;؛&]|\s+and\s+|\s+و\s+)\s*", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^(?:by|بقلم|كتب[هت]?|إعداد|اعداد)\s*[:：]?\s+", re.IGNORECASE)


def parse_json(text: str) -> list[ItemData]:
    """Decode a ninjs file's text: one item object or a list of items."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ItemError(
            None, "", None, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError:
        raise ItemError(None, "", None, f"nested deeper than {MAX_DEPTH} levels") from None
    return parse_document(data)


def parse_document(data: Any) -> list[ItemData]:
    if _depth(data) > MAX_DEPTH:
        raise ItemError(None, "", None, f"nested deeper than {MAX_DEPTH} levels")
    # Controls, noncharacters and lone surrogates (`"\ud800"` is valid JSON)
    # go before anything reads the text.
    data = clean_data(data)
    if isinstance(data, dict):
        objects = [data]
    elif isinstance(data, list):
        if not data:
            raise ItemError(None, "", None, "no items: the JSON list is empty")
        objects = data
        if len(objects) > settings.SAHIFA_IMPORTERS_MAX_ITEMS:
            raise ItemError(
                None,
                "",
                None,
                f"too many items: {len(objects)} "
                f"(at most {settings.SAHIFA_IMPORTERS_MAX_ITEMS} in one file)",
            )
    else:
        raise ItemError(
            None, "", None, "unknown format: expected a ninjs item (object) or a list of items"
        )
    return [parse_item(obj, index) for index, obj in enumerate(objects, start=1)]


def detect_version(obj: dict[str, Any], index: int = 1) -> int:
    """ninjs major version of one item: declared, else guessed from field shapes."""
    uri = obj.get("uri") if isinstance(obj.get("uri"), str) else ""
    standard = obj.get("standard") if isinstance(obj.get("standard"), dict) else {}

    name = standard.get("name")
    if isinstance(name, str) and name and "ninjs" not in name.lower():
        raise ItemError(index, uri, "standard.name", f"unknown format: {name!r} is not ninjs")

    declared: tuple[str, str] | None = None
    version = standard.get("version")
    if isinstance(version, str | int | float) and not isinstance(version, bool):
        declared = (str(version), "standard.version")
    else:
        for field, schema in (
            ("$schema", obj.get("$schema")),
            ("standard.schema", standard.get("schema")),
        ):
            match = _SCHEMA_VERSION.search(schema) if isinstance(schema, str) else None
            if match:
                declared = (match.group(1), field)
                break
    if declared:
        value, field = declared
        major = _LEADING_MAJOR.match(value)
        if not major or int(major.group(1)) not in SUPPORTED_VERSIONS:
            raise ItemError(
                index,
                uri,
                field,
                f"unknown format: unsupported ninjs version {value!r} (1.x and 2.x are supported)",
            )
        return int(major.group(1))

    looks_v2 = any(
        isinstance(obj.get(key), list)
        for key in ("headlines", "bodies", "descriptions", "subjects", "bylines", "genres")
    ) or any(isinstance(obj.get(key), list) for key in ("associations", "renditions"))
    looks_v1 = (
        isinstance(obj.get("headline"), str)
        or isinstance(obj.get("byline"), str)
        or isinstance(obj.get("subject"), list)
        or any(isinstance(obj.get(key), dict) for key in ("associations", "renditions"))
        or any(key.startswith(("body_", "description_", "headline_")) for key in obj)
    )
    if looks_v2 and looks_v1:
        # Mixed output from some producers: the headline decides.
        if isinstance(obj.get("headlines"), list):
            return 2
        if isinstance(obj.get("headline"), str):
            return 1
    elif looks_v2:
        return 2
    elif looks_v1:
        return 1
    raise ItemError(
        index,
        uri,
        None,
        "unknown format: not a ninjs item (no standard.version, $schema, headline or headlines)",
    )


def parse_item(obj: Any, index: int = 1) -> ItemData:
    if not isinstance(obj, dict):
        raise ItemError(index, "", None, "unknown format: the item is not a JSON object")
    version = detect_version(obj, index)
    reader = _Reader(obj, index, version)
    return reader.item()


class _Reader:
    """Reads one item; knows its index and uri so every error can name them."""

    def __init__(self, obj: dict[str, Any], index: int, version: int):
        self.obj = obj
        self.index = index
        self.version = version
        self.uri = obj.get("uri") if isinstance(obj.get("uri"), str) else ""

    def fail(self, field: str | None, message: str) -> ItemError:
        return ItemError(self.index, self.uri, field, message)

    # -- typed access ----------------------------------------------------
    def text(self, obj: dict[str, Any], key: str, path: str | None = None) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(path or key, "must be a string")
        return value.strip()

    def array(self, obj: dict[str, Any], key: str, path: str | None = None) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path or key, "must be a list")
        return value

    def named_objects(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, str, Any]]:
        """(name, error path, object) from a 2.x list or a 1.x name-keyed object."""
        value = obj.get(key)
        if value is None:
            return []
        if isinstance(value, dict):
            return [(str(name), f"{path}.{name}", entry) for name, entry in value.items()]
        if isinstance(value, list):
            result = []
            for position, entry in enumerate(value):
                name = entry.get("name") if isinstance(entry, dict) else None
                name = name.strip() if isinstance(name, str) else ""
                result.append((name, f"{path}.{name}" if name else f"{path}[{position}]", entry))
            return result
        raise self.fail(path, "must be a list or an object")

    def date(self, key: str) -> datetime | None:
        value = self.text(self.obj, key)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"not an ISO 8601 date-time: {value!r}") from None
        problem = date_problem(parsed)
        if problem:
            raise self.fail(key, f"{problem}: {value!r}")
        if timezone.is_naive(parsed):
            # ninjs says date-time, i.e. with an offset; a feed that omits it
            # almost always means the newsroom's own clock.
            parsed = timezone.make_aware(parsed)
        return parsed

    # -- the item ----------------------------------------------------------
    def item(self) -> ItemData:
        if not self.uri:
            if "uri" in self.obj and not isinstance(self.obj["uri"], str):
                raise self.fail("uri", "must be a string")
            raise self.fail("uri", "missing")
        body, is_html = self.body()
        pictures = self.pictures()
        return ItemData(
            index=self.index,
            uri=self.uri,
            version=self.version,
            headline=self.headline(),
            dek=self.dek(),
            body=body,
            body_is_html=is_html,
            firstcreated=self.date("firstcreated"),
            versioncreated=self.date("versioncreated"),
            embargoed=self.date("embargoed"),
            pubstatus=self.pubstatus(),
            bylines=self.bylines(),
            tags=self.tags(),
            section_names=self.section_names(),
            hero=_feature_image(pictures),
            pictures=pictures,
        )

    def headline(self) -> str:
        if self.version == 2:
            headline = self.role_value("headlines", ("main",), fallback_first=True)
            field = "headlines"
        else:
            headline = self.text(self.obj, "headline")
            field = "headline"
            if not headline:
                # 1.x extra headlines (`headline_main`, `headline_short`…).
                extras = sorted(key for key in self.obj if key.startswith("headline_"))
                for key in sorted(extras, key=lambda key: key != "headline_main"):
                    headline = self.text(self.obj, key)
                    if headline:
                        break
        headline = " ".join(headline.split())
        if not headline:
            raise self.fail(field, "missing")
        if len(headline) > 255:
            raise self.fail(field, f"longer than 255 characters ({len(headline)})")
        return headline

    def role_value(self, key: str, roles: tuple[str, ...], *, fallback_first: bool = False) -> str:
        """Value of the first entry of a 2.x role list with one of `roles`,
        best first; else the first entry without a disqualifying role."""
        entries = []
        for position, entry in enumerate(self.array(self.obj, key)):
            if not isinstance(entry, dict):
                raise self.fail(f"{key}[{position}]", "must be an object")
            value = self.text(entry, "value", f"{key}[{position}].value")
            role = entry.get("role") if isinstance(entry.get("role"), str) else ""
            if value:
                entries.append((role.lower(), value, entry))
        for wanted in roles:
            for role, value, _entry in entries:
                if role == wanted:
                    return value
        for role, value, _entry in entries:
            if fallback_first or role in PLAIN_DESCRIPTION_ROLES:
                return value
        return ""

    def dek(self) -> str:
        if self.version == 2:
            # A description may be HTML whatever its contenttype claims.
            return html_to_text(self.role_value("descriptions", DEK_ROLES))
        keys = ["description_summary", "description_text", "description_html"]
        keys += sorted(
            key
            for key in self.obj
            if key.startswith("description_")
            and key not in keys
            and not any(word in key for word in ("caption", "alt", "note"))
        )
        for key in keys:
            value = self.text(self.obj, key)
            if value:
                return html_to_text(value)
        return ""

    def body(self) -> tuple[str, bool]:
        """The richest body: HTML if there is one, else plain text."""
        if self.version == 2:
            html_bodies, text_bodies = [], []
            for position, entry in enumerate(self.array(self.obj, "bodies")):
                path = f"bodies[{position}]"
                if not isinstance(entry, dict):
                    raise self.fail(path, "must be an object")
                if "value" not in entry:
                    raise self.fail(f"{path}.value", "missing")
                value = entry["value"]
                if not isinstance(value, str):
                    raise self.fail(f"{path}.value", "must be a string")
                contenttype = str(entry.get("contenttype") or "").split(";")[0].strip().lower()
                role = str(entry.get("role") or "").lower()
                if contenttype in HTML_CONTENT_TYPES or (
                    not contenttype and role in HTML_BODY_ROLES
                ):
                    html_bodies.append(value)
                elif contenttype in TEXT_CONTENT_TYPES:
                    (html_bodies if _LOOKS_HTML.search(value) else text_bodies).append(value)
                # Anything else (NITF, provider XML) is not ours to render.
            if html_bodies:
                return html_bodies[0], True
            return (text_bodies[0], False) if text_bodies else ("", True)

        html_keys = ["body_html", "body_xhtml", "body_richtext"]
        for key in html_keys:
            if key in self.obj:
                value = self.obj[key]
                if not isinstance(value, str):
                    raise self.fail(key, "must be a string")
                if value.strip():
                    return value, True
        others = sorted(key for key in self.obj if key.startswith("body_") and key not in html_keys)
        for key in others:
            if not isinstance(self.obj[key], str):
                raise self.fail(key, "must be a string")
        for key in sorted(others, key=lambda key: key not in ("body_text", "body_main")):
            value = self.obj[key]
            if not value.strip() or any(word in key for word in ("nitf", "xml")):
                continue
            return value, bool(_LOOKS_HTML.search(value))
        return "", True

    def pubstatus(self) -> str:
        value = self.text(self.obj, "pubstatus").lower() or "usable"
        value = {"cancelled": "canceled"}.get(value, value)
        if value not in PUBSTATUSES:
            raise self.fail("pubstatus", f"unknown value {value!r} (usable, withheld or canceled)")
        return value

    def bylines(self) -> list[str]:
        names: list[str] = []
        if self.version == 2:
            for position, entry in enumerate(self.array(self.obj, "bylines")):
                if isinstance(entry, str):
                    names += _split_byline(entry)
                elif isinstance(entry, dict):
                    for key in ("name", "byline", "value"):
                        value = entry.get(key)
                        if isinstance(value, str) and value.strip():
                            names.append(_clean_name(value))
                            break
                else:
                    raise self.fail(f"bylines[{position}]", "must be an object or a string")
        keys = ("by",) if self.version == 2 else ("byline", "by")
        if not names:
            for key in keys:
                names = _split_byline(self.text(self.obj, key))
                if names:
                    break
        return _unique([name for name in names if name])

    def concept_names(self, key: str) -> list[str]:
        names = []
        for position, entry in enumerate(self.array(self.obj, key)):
            if not isinstance(entry, dict):
                raise self.fail(f"{key}[{position}]", "must be an object")
            name = self.text(entry, "name", f"{key}[{position}].name")
            if name:
                names.append(" ".join(name.split()))
        return names

    def tags(self) -> list[str]:
        if self.version == 2:
            names = self.concept_names("subjects")
        else:
            names = self.concept_names("subject")
            for position, keyword in enumerate(self.array(self.obj, "keywords")):
                if not isinstance(keyword, str):
                    raise self.fail(f"keywords[{position}]", "must be a string")
                if keyword.strip():
                    names.append(" ".join(keyword.split()))
        # taggit's Tag.name holds 100 characters.
        return _unique([name[:100] for name in names])

    def section_names(self) -> list[str]:
        keys = ("subjects", "genres", "genre") if self.version == 2 else ("subject", "genre")
        names: list[str] = []
        for key in keys:
            names += self.concept_names(key)
        return _unique(names)

    def pictures(self) -> list[PictureData]:
        pictures = []
        for name, path, entry in self.named_objects(self.obj, "associations", "associations"):
            if not isinstance(entry, dict):
                raise self.fail(path, "must be an object")
            kind = entry.get("type")
            if kind in PICTURE_TYPES or (kind is None and name.lower() == FEATURE_IMAGE):
                pictures.append(self.picture(name, path, entry))
        return pictures

    def picture(self, name: str, path: str, entry: dict[str, Any]) -> PictureData:
        uri = self.text(entry, "uri", f"{path}.uri")
        headline = self.text(entry, "headline", f"{path}.headline")
        if not headline:
            for item in entry.get("headlines") or []:
                if isinstance(item, dict) and isinstance(item.get("value"), str):
                    headline = item["value"].strip()
                    break
        caption, alt = "", ""
        descriptions = entry.get("descriptions")
        if isinstance(descriptions, list):
            by_role = {}
            for item in descriptions:
                if isinstance(item, dict) and isinstance(item.get("value"), str):
                    by_role.setdefault(str(item.get("role") or "").lower(), item["value"])
            caption = by_role.get("caption") or next(
                (by_role[role] for role in PLAIN_DESCRIPTION_ROLES if by_role.get(role)), ""
            )
            alt = by_role.get("alt") or by_role.get("alttext") or ""
        if not caption:
            caption = _first_text(
                entry, "description_caption", "description_text", "description_html"
            )
        photographer = _first_text(entry, "by", "byline").strip()
        agency = _first_text(entry, "creditline", "copyrightholder").strip()

        renditions = []
        for rname, rpath, rendition in self.named_objects(
            entry, "renditions", f"{path}.renditions"
        ):
            if not isinstance(rendition, dict):
                raise self.fail(rpath, "must be an object")
            href = self.text(rendition, "href", f"{rpath}.href")
            if href:
                renditions.append(
                    Rendition(
                        name=rname or rpath.rsplit(".", 1)[-1],
                        href=href,
                        width=_dimension(rendition.get("width")),
                        height=_dimension(rendition.get("height")),
                    )
                )
        return PictureData(
            name=name,
            uri=uri,
            field=path,
            caption=html_to_text(caption) or headline,
            alt=html_to_text(alt),
            headline=headline,
            photographer=photographer,
            agency=agency,
            renditions=renditions,
        )


def _feature_image(pictures: list[PictureData]) -> PictureData | None:
    """The association named `featureimage`, else the first picture."""
    for picture in pictures:
        if picture.name.lower() == FEATURE_IMAGE:
            return picture
    return pictures[0] if pictures else None


def _dimension(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(float(value))
    except (TypeError, ValueError, OverflowError):  # OverflowError: 1e309
        return None
    return number if number > 0 else None


def _depth(data: Any) -> int:
    """Nesting depth of decoded JSON, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _clean_name(name: str) -> str:
    return _BYLINE_PREFIX.sub("", " ".join(name.split())).strip(" .-")


def _split_byline(value: str) -> list[str]:
    value = _clean_name(value)
    return [_clean_name(part) for part in _BYLINE_SPLIT.split(value) if _clean_name(part)]


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result


def _first_text(entry: dict, *keys: str) -> str:
    """The first of `keys` holding non-blank text (ninjs versions and
    producers name the same thing differently)."""
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""
