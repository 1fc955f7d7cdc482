"""Generated share images: 1200×630 PNG with the Arabic headline over the hero.

Used for articles whose editors did not upload a social image. The headline is
shaped with libraqm (HarfBuzz + FriBiDi through Pillow), so Arabic letters
join and run right to left; the font comes from Debian's fonts-noto-core.
Files live in default storage under `social/` and are named by a hash of what
they show, so a new headline or hero gives a new URL (safe to cache forever)."""

from __future__ import annotations

import hashlib
import logging
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
    parts = [page.title, settings.WAGTAIL_SITE_NAME, "v1"]
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


def _text_kwargs() -> dict:
    return {"direction": "rtl", "language": "ar"} if shaping_available() else {}


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap measured with the shaped text."""
    kwargs = _text_kwargs()
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and face.getlength(candidate, **kwargs) > max_width:
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
    kwargs = _text_kwargs()
    # Site name: top right, on a brand-coloured tab.
    if site_name:
        name_face = font(34)
        name_width = int(name_face.getlength(site_name, **kwargs))
        draw.rectangle((WIDTH - MARGIN - name_width - 40, 0, WIDTH - MARGIN, 80), fill=BRAND)
        draw.text(
            (WIDTH - MARGIN - 20, 40),
            site_name,
            font=name_face,
            fill="white",
            anchor="rm",
            **kwargs,
        )
    face, lines = fit_headline(" ".join(title.split()), WIDTH - 2 * MARGIN, HEIGHT - 200)
    line_height = int(face.size * 1.5)
    y = HEIGHT - MARGIN - line_height * len(lines)
    for line in lines:
        # Right-aligned: anchor "r*" puts the line's right edge at x.
        draw.text((WIDTH - MARGIN, y), line, font=face, fill="white", anchor="ra", **kwargs)
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
