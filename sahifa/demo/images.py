"""Deterministic illustrative pictures for the demo newsroom, drawn locally
with Pillow so nothing is downloaded and no photo is copied."""

import hashlib
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((24, 40, 72), (196, 82, 58), (238, 200, 120)),
    ((18, 60, 54), (92, 160, 120), (230, 222, 180)),
    ((60, 24, 60), (200, 90, 130), (250, 210, 190)),
    ((30, 30, 36), (90, 120, 190), (220, 226, 240)),
    ((70, 46, 20), (200, 150, 60), (245, 232, 200)),
    ((10, 50, 90), (40, 150, 200), (240, 240, 230)),
]


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_picture(name: str, width: int, height: int) -> Image.Image:
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)
    dark, mid, light = PALETTES[seed % len(PALETTES)]
    # Small canvas scaled up: fast and soft, like an out-of-focus photo.
    w, h = max(64, width // 8), max(64, height // 8)
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        row = _mix(dark, mid, y / h)
        for x in range(w):
            px[x, y] = _mix(row, light, (x / w) * 0.35)
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(14):
        cx, cy = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(w // 12, w // 3)
        colour = (*rng.choice((dark, mid, light)), rng.randrange(40, 140))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    if height > width:  # portrait: a stylised head-and-shoulders silhouette
        draw.ellipse((w * 0.33, h * 0.18, w * 0.67, h * 0.48), fill=(*dark, 235))
        draw.rounded_rectangle(
            (w * 0.15, h * 0.5, w * 0.85, h * 1.1), radius=w // 5, fill=(*dark, 235)
        )
    else:  # landscape: a skyline
        x = 0
        while x < w:
            bw = rng.randrange(w // 30 + 2, w // 10 + 3)
            bh = rng.randrange(h // 6, h // 2)
            draw.rectangle((x, h - bh, x + bw, h), fill=(*dark, 220))
            x += bw + rng.randrange(0, 3)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return img.resize((width, height), Image.Resampling.BICUBIC)


def ensure_picture(path: Path, width: int, height: int) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_picture(path.stem, width, height).save(path, "JPEG", quality=82, optimize=True)
