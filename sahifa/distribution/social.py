"""Generated share images: 1200×630 PNG with the Arabic headline over the hero.

Used for articles whose editors did not upload a social image. The headline is
shaped with libraqm (HarfBuzz + FriBiDi through Pillow), so Arabic letters
join and run right to left; the fonts come from Debian's fonts-noto-core.
The Arabic font has no Latin letters (and few punctuation marks), so each
line is cut into bidi runs (`segments`, the Unicode bidi algorithm for a
right-to-left line without explicit embeddings) and each run into pieces by
which font has the glyphs: Latin words, digits and the marks the Arabic font
lacks are drawn with a matching Latin font, never as empty boxes.
Files live in default storage under `social/` and are named by a hash of what
they show, so a new headline or hero gives a new URL (safe to cache forever)."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BRAND = (122, 28, 40)
STORAGE_DIR = "social"


class FontUnavailable(RuntimeError):
    pass


def card_version(page) -> str:
    """What the card shows, hashed: headline, hero file and site name."""
    hero = page.hero_image
    parts = [page.title, settings.WAGTAIL_SITE_NAME, "v2"]
    if hero is not None:
        parts += [
            hero.file_hash or hero.file.name,
            str(hero.focal_point_x),
            str(hero.focal_point_y),
        ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def card_name(page) -> str:
    return f"{STORAGE_DIR}/{page.pk}-{card_version(page)}.png"


def card_url(page) -> str:
    return reverse(
        "distribution:share_image", kwargs={"pk": page.pk, "version": card_version(page)}
    )


def shaping_available() -> bool:
    return bool(features.check("raqm"))


@lru_cache(maxsize=8)
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    for path in settings.SAHIFA_DISTRIBUTION_SHARE_FONTS:
        if bold is False:
            path = path.replace("-Bold", "-Regular")
        if Path(path).is_file():
            layout = ImageFont.Layout.RAQM if shaping_available() else ImageFont.Layout.BASIC
            return ImageFont.truetype(path, size, layout_engine=layout)
    raise FontUnavailable(
        "no Arabic font found (install fonts-noto-core or set SAHIFA_DISTRIBUTION_SHARE_FONTS)"
    )


@lru_cache(maxsize=8)
def latin_font(size: int) -> ImageFont.FreeTypeFont | None:
    """The Latin companion of `font(size)`, or None when none is installed."""
    for path in settings.SAHIFA_DISTRIBUTION_SHARE_LATIN_FONTS:
        if Path(path).is_file():
            layout = ImageFont.Layout.RAQM if shaping_available() else ImageFont.Layout.BASIC
            return ImageFont.truetype(path, size, layout_engine=layout)
    return None


def _glyph_pixels(path: str, text: str) -> bytes:
    face = ImageFont.truetype(path, 32, layout_engine=ImageFont.Layout.BASIC)
    image = Image.new("L", (96, 64))
    ImageDraw.Draw(image).text((16, 8), text, font=face, fill=255)
    return image.tobytes()


@lru_cache(maxsize=8192)
def has_glyph(path: str, char: str) -> bool:
    """Whether the font file draws `char` as itself: a missing character is
    drawn as the font's .notdef box, the glyph of a private-use character no
    font maps."""
    if char.isspace():
        return True
    return _glyph_pixels(path, char) != _glyph_pixels(path, "\ue000")


@dataclass(frozen=True)
class Piece:
    """A stretch of a line drawn with one font in one direction."""

    text: str
    rtl: bool
    face: ImageFont.FreeTypeFont

    @property
    def kwargs(self) -> dict:
        if not shaping_available():
            return {}
        return {"direction": "rtl", "language": "ar"} if self.rtl else {"direction": "ltr"}

    def width(self) -> float:
        return self.face.getlength(self.text, **self.kwargs)


def _bidi_classes(line: str) -> list[str]:
    """Resolved direction of each character of a right-to-left line: "L"
    (level 2, laid out left to right: Latin words and numbers) or "R".
    The weak and neutral rules of the Unicode bidi algorithm (UAX #9 W1–W7,
    N1–N2, I2) for a line with no explicit embeddings, so «3-1» after Arabic
    shows as a browser shows it."""
    raw = [unicodedata.bidirectional(ch) for ch in line]
    # W1: a combining mark takes the class of what it follows.
    for i, cls in enumerate(raw):
        if cls == "NSM":
            raw[i] = raw[i - 1] if i else "R"
    # W2/W3: digits after Arabic letters are Arabic numbers (AN); AL is R.
    last_strong = "R"  # the line's own direction (sos)
    for i, cls in enumerate(raw):
        if cls in ("L", "R", "AL"):
            last_strong = cls
            raw[i] = "R" if cls == "AL" else cls
        elif cls == "EN" and last_strong == "AL":
            raw[i] = "AN"
    # W4: one separator between two numbers of the same kind joins them
    # (3.5 and 1,000 everywhere; 3-1 only between European numbers).
    for i in range(1, len(raw) - 1):
        before, after = raw[i - 1], raw[i + 1]
        if before == after == "EN" and raw[i] in ("ES", "CS"):
            raw[i] = "EN"
        elif before == after == "AN" and raw[i] == "CS":
            raw[i] = "AN"
    # W5: currency and percent signs next to European digits join them.
    for i, cls in enumerate(raw):
        if cls == "ET" and (
            (i > 0 and raw[i - 1] == "EN") or (i + 1 < len(raw) and raw[i + 1] == "EN")
        ):
            raw[i] = "EN"
    # W7: European digits after Latin letters are Latin.
    last_strong = "R"
    for i, cls in enumerate(raw):
        if cls in ("L", "R"):
            last_strong = cls
        elif cls == "EN" and last_strong == "L":
            raw[i] = "L"
    resolved = [cls if cls in ("L", "R", "EN", "AN") else "" for cls in raw]
    # N1/N2: neutrals between two Latin characters are Latin; numbers count
    # as R here, and every other neutral takes the line's direction.
    for i, cls in enumerate(resolved):
        if cls:
            continue
        before = next((c for c in reversed(resolved[:i]) if c), "R")
        after = next((c for c in resolved[i + 1 :] if c), "R")
        resolved[i] = "L" if before == after == "L" else "R"
    # I2: in a right-to-left line, Latin letters and numbers go up a level.
    return ["L" if cls in ("L", "EN", "AN") else "R" for cls in resolved]


def segments(line: str, size: int) -> list[Piece]:
    """The pieces of a right-to-left line in logical order, each with the
    font that has its glyphs and its direction. Drawn right to left in this
    order, they give what a browser shows."""
    arabic, latin = font(size), latin_font(size)
    if latin is None or not line:
        return [Piece(line, True, arabic)] if line else []
    classes = _bidi_classes(line)
    runs: list[tuple[str, bool]] = []
    for ch, cls in zip(line, classes, strict=True):
        rtl = cls == "R"
        if runs and runs[-1][1] == rtl:
            runs[-1] = (runs[-1][0] + ch, rtl)
        else:
            runs.append((ch, rtl))
    pieces: list[Piece] = []
    for text, rtl in runs:
        if not rtl:
            # Latin words and numbers: one face, so letters and digits match.
            pieces.append(Piece(text, False, latin))
            continue
        for ch in text:
            face = arabic if has_glyph(arabic.path, ch) else latin
            if pieces and pieces[-1].rtl and pieces[-1].face is face:
                pieces[-1] = Piece(pieces[-1].text + ch, True, face)
            else:
                pieces.append(Piece(ch, True, face))
    return pieces


def line_width(line: str, size: int) -> float:
    return sum(piece.width() for piece in segments(line, size))


def draw_line(draw: ImageDraw.ImageDraw, right: float, baseline: float, line: str, size: int):
    """Draw a right-to-left line whose right edge is at `right`."""
    x = right
    for piece in segments(line, size):
        width = piece.width()
        if piece.rtl:
            draw.text(
                (x, baseline),
                piece.text,
                font=piece.face,
                fill="white",
                anchor="rs",
                **piece.kwargs,
            )
        else:
            draw.text(
                (x - width, baseline),
                piece.text,
                font=piece.face,
                fill="white",
                anchor="ls",
                **piece.kwargs,
            )
        x -= width


def missing_glyphs(text: str, size: int = 40) -> set[str]:
    """Characters of `text` that no font of the card draws (shown as boxes)."""
    return {
        ch
        for piece in segments(text, size)
        for ch in piece.text
        if not has_glyph(piece.face.path, ch)
    }


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap measured with the shaped text, Latin runs included."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and line_width(candidate, face.size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit_headline(
    text: str, max_width: int, max_height: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size (72 → 40 px) at which the headline fits in 4 lines;
    past that it is cut with an ellipsis."""
    for size in range(72, 38, -4):
        face = font(size)
        lines = wrap(text, face, max_width)
        if len(lines) <= 4 and len(lines) * size * 1.5 <= max_height:
            return face, lines
    face = font(40)
    lines = wrap(text, face, max_width)[:4]
    lines[-1] = lines[-1] + "…"
    return face, lines


def render_card(title: str, hero_path: str | None = None, site_name: str = "") -> bytes:
    """PNG bytes of the card."""
    if hero_path:
        with Image.open(hero_path) as source:
            source = ImageOps.exif_transpose(source).convert("RGB")
            canvas = ImageOps.fit(source, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    else:
        canvas = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    # A dark gradient over the lower two thirds keeps white text readable on any photo.
    shade = Image.new("L", (1, HEIGHT))
    for y in range(HEIGHT):
        shade.putpixel((0, y), int(235 * max(0.0, (y - HEIGHT * 0.2) / (HEIGHT * 0.8)) ** 0.8))
    shade = shade.resize((WIDTH, HEIGHT))
    canvas.paste(Image.new("RGB", (WIDTH, HEIGHT), (10, 10, 14)), (0, 0), shade)

    draw = ImageDraw.Draw(canvas)
    # Site name: top right, on a brand-coloured tab.
    if site_name:
        name_width = int(line_width(site_name, 34))
        draw.rectangle((WIDTH - MARGIN - name_width - 40, 0, WIDTH - MARGIN, 80), fill=BRAND)
        draw_line(draw, WIDTH - MARGIN - 20, 52, site_name, 34)
    face, lines = fit_headline(" ".join(title.split()), WIDTH - 2 * MARGIN, HEIGHT - 200)
    line_height = int(face.size * 1.5)
    ascent = face.getmetrics()[0]
    y = HEIGHT - MARGIN - line_height * len(lines)
    for line in lines:
        # Right-aligned on a shared baseline, so both fonts' letters sit on it.
        draw_line(draw, WIDTH - MARGIN, y + ascent, line, face.size)
        y += line_height
    out = BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def ensure_card(page) -> str:
    """Generate the page's card unless it exists; returns its storage name.
    Idempotent: the name is a hash of the content."""
    name = card_name(page)
    if default_storage.exists(name):
        return name
    hero_path = None
    if page.hero_image_id:
        try:
            hero_path = page.hero_image.file.path
        except (NotImplementedError, ValueError):
            hero_path = None
        if hero_path and not Path(hero_path).is_file():
            hero_path = None
    data = render_card(page.title, hero_path, settings.WAGTAIL_SITE_NAME)
    saved = default_storage.save(name, ContentFile(data))
    # Older cards of this page are stale now.
    prune(page, keep=saved)
    return saved


def prune(page, keep: str) -> None:
    discard(page.pk, keep=keep)


def discard(page_id: int, keep: str = "") -> None:
    """Delete the page's cards but `keep`: all of them once the public may
    no longer see the article (the card shows its headline)."""
    try:
        _dirs, files = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    prefix = f"{page_id}-"
    for filename in files:
        name = f"{STORAGE_DIR}/{filename}"
        if filename.startswith(prefix) and name != keep:
            default_storage.delete(name)
