"""Editorial illustrations for the demo newsroom, drawn locally at full size
with Pillow and numpy: nothing is downloaded and no photo is copied.

One flat, lightly shaded style for every picture: a sky or backdrop of
layered gradients, scenery in planes that grow lighter and bluer with
distance (and softer: far planes are blurred), soft shadows, then a light
wash, a vignette and a little film grain. The scene follows the story
(pick_scene: a section's scenes, narrowed by words of the caption); every
choice within it (light, palette, layout) comes from the picture's name, so
the same name always gives the same picture."""

import hashlib
import math
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

# Written into each JPEG's comment; ensure_picture redraws files that carry
# another one, so a change of style reaches an existing demo-build folder.
STYLE = b"sahifa-demo-illustration/2"

RGB = tuple[int, int, int]
# Edge smoothing radius, in units of a 1600×900 picture's pixel.
SOFTEN = 0.7

# Light of outdoor scenes: sky top, horizon, sun, haze (what distance fades to).
MOODS = {
    "day": ((70, 124, 182), (206, 224, 232), (255, 246, 220), (190, 210, 224)),
    "golden": ((64, 92, 146), (244, 200, 150), (255, 222, 160), (226, 196, 170)),
    "dusk": ((34, 40, 86), (236, 146, 118), (255, 196, 146), (170, 130, 150)),
    "night": ((10, 18, 42), (52, 76, 122), (170, 200, 255), (60, 78, 116)),
}
INK = (30, 38, 58)
STONE = (236, 228, 212)
ACCENTS = [(200, 70, 56), (28, 122, 132), (230, 168, 64), (64, 96, 168), (108, 150, 84)]
SKIN = [(241, 204, 170), (224, 172, 130), (198, 142, 100), (160, 106, 72), (112, 74, 52)]
HAIR = [(30, 26, 26), (58, 40, 30), (92, 62, 40), (140, 132, 128), (20, 20, 24)]
CLOTHES = [(38, 52, 82), (60, 60, 66), (120, 40, 48), (30, 90, 96), (150, 120, 90), (82, 70, 110)]
BACKDROPS = [(212, 220, 226), (226, 214, 196), (200, 214, 204), (218, 206, 214), (60, 70, 92)]

# Scenes per section, and caption words that pick one of them.
SECTION_SCENES = {
    "politics": ["parliament", "podium"],
    "economy": ["port", "market"],
    "world": ["globe", "parliament", "port"],
    "technology": ["datacentre", "desk", "rocket"],
    "sports": ["stadium"],
    "society": ["street"],
    "culture": ["theatre", "arches"],
    "opinion": ["desk"],
}
KEYWORDS = [
    ("desk", ("هاتف", "Sanad")),
    ("rocket", ("صاروخ", "الفضاء", "القمر الصناعي", "قاعدة الإطلاق")),
    ("stadium", ("ملعب", "مباراة", "كأس", "لاعبات", "الماراثون", "العداء")),
    ("theatre", ("مسرح", "فيلم", "مهرجان", "أوركسترا", "عازفة", "السجادة")),
    ("arches", ("قلعة", "ترميم", "معرض الكتاب", "الجناح")),
    ("port", ("ميناء", "موانئ", "زورق", "ممر تجاري", "خفر السواحل")),
    ("market", ("سوق", "متسوقون", "الفائدة", "موازنة", "محطة وقود", "صندوق")),
    ("datacentre", ("الذكاء الاصطناعي", "نموذج", "هجوم", "أنظمة")),
    ("globe", ("قمة", "المناخ", "الأممي", "الدول")),
    ("parliament", ("مجلس النواب", "نواب", "اليمين", "رئاسة", "الحكومة", "وزارة")),
    ("podium", ("مؤتمر صحفي", "يتحدث", "يعرض", "يعلن", "تعرض", "تعلن")),
    ("street", ("مارة", "طلاب", "مترو", "ركاب", "حافلات", "سيارة", "أبراج", "مزارع", "ممرضة")),
]


def pick_scene(section: str, caption: str = "", portrait: bool = False) -> str:
    """The scene for a picture of `section` whose caption is `caption`: the
    first scene whose words the caption has, preferring the section's own.
    A portrait is of a woman when the caption's first word (her title:
    «الكاتبة», «رئيسة»…) is feminine."""
    if portrait:
        first = caption.split()[0] if caption.split() else ""
        return "portrait-f" if first.endswith("ة") else "portrait"
    own = SECTION_SCENES.get(section, [])
    matches = [scene for scene, words in KEYWORDS if any(w in caption for w in words)]
    for scene in matches:
        if scene in own:
            return scene
    if matches:
        return matches[0]
    return section


# -- drawing helpers ----------------------------------------------------------
_FALLOFF: list[Image.Image] = []


def _falloff() -> Image.Image:
    """A 256×256 disc, 255 at the centre falling to 0 at the rim, squared."""
    if not _FALLOFF:
        yy, xx = np.mgrid[0:256, 0:256].astype(np.float32)
        d = np.sqrt((xx - 127.5) ** 2 + (yy - 127.5) ** 2) / 128
        _FALLOFF.append(Image.fromarray((np.clip(1 - d, 0, 1) ** 2 * 255).astype(np.uint8)))
    return _FALLOFF[0]


def _mix(a, b, t: float) -> RGB:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))


def _shade(colour, amount: float) -> RGB:
    """Darker (amount < 0) or lighter (> 0)."""
    return _mix(colour, (0, 0, 0) if amount < 0 else (255, 255, 255), abs(amount))


class Canvas:
    def __init__(self, width: int, height: int, rng: random.Random, mood: str):
        self.w, self.h, self.rng = width, height, rng
        self.u = min(width, height) / 900  # one unit ≈ one pixel of a 1600×900 picture
        self.top, self.horizon, self.sun, self.haze = MOODS[mood]
        self.mood = mood
        self.np = np.random.default_rng(rng.getrandbits(32))
        self.img = Image.new("RGB", (width, height))

    # Backgrounds
    def vertical(self, stops: list[tuple[float, RGB]], box=None) -> None:
        x0, y0, x1, y1 = box or (0, 0, self.w, self.h)
        h = max(1, int(y1 - y0))
        ys = np.linspace(0, 1, h)
        pos = np.array([s for s, _ in stops])
        cols = np.array([c for _, c in stops], dtype=np.float32)
        column = np.stack([np.interp(ys, pos, cols[:, i]) for i in range(3)], axis=1)
        band = Image.fromarray(column[:, None, :].astype(np.uint8))
        self.img.paste(band.resize((int(x1 - x0), h), Image.Resampling.NEAREST), (int(x0), int(y0)))

    def sky(self, horizon_y: float) -> None:
        self.vertical(
            [(0, self.top), (horizon_y * 0.7, _mix(self.top, self.horizon, 0.55)),
             (horizon_y, self.horizon), (1, self.horizon)]
        )  # fmt: skip

    def glow(self, cx: float, cy: float, radius: float, colour, strength: float = 1.0) -> None:
        """Light falling off smoothly from (cx, cy) over `radius`."""
        size = max(2, int(radius * 2))
        left, top = int(cx - radius), int(cy - radius)
        x0, y0 = max(0, left), max(0, top)
        x1, y1 = min(self.w, left + size), min(self.h, top + size)
        if x1 <= x0 or y1 <= y0:
            return
        # One falloff disc, scaled: far cheaper than a distance per pixel.
        mask = _falloff().resize((size, size), Image.Resampling.BILINEAR)
        mask = mask.crop((x0 - left, y0 - top, x1 - left, y1 - top))
        level = min(1.0, strength * 0.8)
        mask = mask.point(lambda v: int(v * level))
        light = _mix(colour, (255, 255, 255), 0.15)
        self.img.paste(Image.new("RGB", mask.size, light), (x0, y0), mask)

    # Planes
    def fade(self, colour, depth: float) -> RGB:
        """Atmospheric perspective: depth 0 is near, 1 is the horizon."""
        return _mix(colour, self.haze, depth * 0.85)

    def _box(self, box, margin: float):
        """A content box grown by `margin` and kept inside the picture."""
        m = int(margin * 3) + 2
        x0, y0, x1, y1 = box
        return max(0, x0 - m), max(0, y0 - m), min(self.w, x1 + m), min(self.h, y1 + m)

    def plane(self, draw_fn, blur: float = 0.0, opacity: float = 1.0) -> None:
        """Draw on a transparent plane, soften it, lay it on the picture.
        Only the drawn box is blurred (premultiplied, so edges do not darken)."""
        layer = Image.new("RGBA", (self.w, self.h), (0, 0, 0, 0))
        draw_fn(ImageDraw.Draw(layer))
        box = layer.getchannel("A").getbbox()
        if box is None:
            return
        box = self._box(box, blur)
        layer = layer.crop(box)
        # Small radii only smooth edges: finish() does that once for all.
        if blur >= SOFTEN * 2:
            layer = layer.convert("RGBa").filter(ImageFilter.GaussianBlur(blur)).convert("RGBA")
        if opacity < 1:
            layer.putalpha(layer.getchannel("A").point(lambda v: int(v * opacity)))
        self.img.paste(layer, box[:2], layer)

    def shadow(self, draw_fn, blur: float, opacity: float = 0.45, colour=(10, 14, 30)) -> None:
        mask = Image.new("L", (self.w, self.h), 0)
        draw_fn(ImageDraw.Draw(mask))
        box = mask.getbbox()
        if box is None or opacity <= 0:
            return
        box = self._box(box, blur)
        mask = mask.crop(box).filter(ImageFilter.GaussianBlur(blur))
        mask = mask.point(lambda v: int(v * opacity))
        self.img.paste(Image.new("RGB", mask.size, colour), box[:2], mask)

    # Finish
    def finish(self, light_from_left: bool = True) -> Image.Image:
        # Smooth every hard edge at once (flat shapes are drawn aliased).
        img = self.img.filter(ImageFilter.BoxBlur(SOFTEN * self.u))
        h, w = self.h, self.w
        # Smooth maps are computed small and scaled up.
        xs = np.linspace(0, 1, 64, dtype=np.float32)[None, :]
        ys = np.linspace(0, 1, 36, dtype=np.float32)[:, None]

        def full(values) -> Image.Image:
            small = Image.fromarray(np.clip(values * 255, 0, 255).astype(np.uint8))
            return small.resize((w, h), Image.Resampling.BILINEAR)

        # A diagonal wash of warm light from the sun's side.
        side = (1 - xs) if light_from_left else xs
        wash = full((side * 0.6 + (1 - ys) * 0.4) ** 2 * 0.10)
        img.paste(Image.new("RGB", (w, h), self.sun), (0, 0), wash)
        # Vignette.
        d = (xs - 0.5) ** 2 * 1.2 + (ys - 0.5) ** 2 * 1.6
        vignette = full(1 - np.clip(d - 0.08, 0, 1) * 0.55)
        img = ImageChops.multiply(img, Image.merge("RGB", (vignette,) * 3))
        # Film grain: fine monochrome noise, one tile repeated.
        tile = self.np.normal(128, 4.5, (256, 256)).clip(0, 255).astype(np.uint8)
        grain = np.tile(tile, (h // 256 + 1, w // 256 + 1))[:h, :w]
        grain_img = Image.fromarray(grain)
        return ImageChops.add(img, Image.merge("RGB", (grain_img,) * 3), 1.0, -128)


def _pts(c: Canvas, pts) -> list[tuple[float, float]]:
    return [(x * c.w, y * c.h) for x, y in pts]


def _person(d: ImageDraw.ImageDraw, x: float, base: float, size: float, fill, rng) -> None:
    """A standing figure, feet at (x, base), `size` tall."""
    head = size * 0.13
    d.ellipse((x - head / 2, base - size, x + head / 2, base - size + head), fill=fill)
    body_w = size * rng.uniform(0.22, 0.3)
    d.rounded_rectangle(
        (x - body_w / 2, base - size + head * 1.05, x + body_w / 2, base - size * 0.42),
        radius=body_w * 0.35,
        fill=fill,
    )
    leg = body_w * 0.36
    d.rectangle((x - body_w / 2 + leg * 0.2, base - size * 0.45, x - leg * 0.1, base), fill=fill)
    d.rectangle((x + leg * 0.1, base - size * 0.45, x + body_w / 2 - leg * 0.2, base), fill=fill)


def _skyline(c: Canvas, base: float, depth: float, top: float, bottom: float, colour=INK):
    """A row of buildings standing on y=base (fractions), faded by depth."""
    rng = c.rng
    fill = c.fade(colour, depth)
    windows = _mix(fill, c.sun, 0.35)

    def draw(d):
        x = -0.02 * c.w
        while x < c.w:
            bw = rng.uniform(0.03, 0.08) * c.w
            bh = rng.uniform(bottom, top) * c.h
            d.rectangle((x, base * c.h - bh, x + bw, base * c.h + 2), fill=fill)
            if rng.random() < 0.25:  # a tower with a spire
                d.rectangle(
                    (x + bw * 0.45, base * c.h - bh - bh * 0.15, x + bw * 0.55, base * c.h - bh),
                    fill=fill,
                )
            if c.mood in ("dusk", "night") and depth < 0.8:
                for wy in np.arange(base * c.h - bh + 8 * c.u, base * c.h - 6 * c.u, 14 * c.u):
                    for wx in np.arange(x + 5 * c.u, x + bw - 6 * c.u, 11 * c.u):
                        if rng.random() < 0.3:
                            d.rectangle((wx, wy, wx + 4 * c.u, wy + 6 * c.u), fill=windows)
            x += bw + rng.uniform(0, 0.01) * c.w

    c.plane(draw, blur=depth * 3 * c.u)


def _hills(c: Canvas, base: float, amp: float, depth: float, colour) -> None:
    rng = c.rng
    phase, freq = rng.uniform(0, 6), rng.uniform(1.5, 3.5)
    fill = c.fade(colour, depth)

    def draw(d):
        pts = [(0, c.h)]
        for i in range(0, 101):
            x = i / 100
            y = base - amp * (0.6 + 0.4 * math.sin(x * freq * math.pi + phase)) * (
                0.7 + 0.3 * math.sin(x * 7.3 + phase * 2)
            )
            pts.append((x * c.w, y * c.h))
        pts.append((c.w, c.h))
        d.polygon(pts, fill=fill)

    c.plane(draw, blur=depth * 2 * c.u)


def _ground(c: Canvas, y: float, colour) -> None:
    c.vertical(
        [(0, _mix(colour, c.haze, 0.35)), (1, _shade(colour, -0.25))], (0, y * c.h, c.w, c.h)
    )


def _flag(d, c: Canvas, x: float, top: float, length: float, colours, wave: float) -> None:
    """A pole and a waving three-striped flag (fractions of the picture)."""
    u = c.u
    d.rectangle(
        (x * c.w - 2 * u, top * c.h, x * c.w + 2 * u, (top + length) * c.h), fill=(70, 70, 76)
    )
    fw, fh = 0.07 * c.w, 0.05 * c.h
    x0, y0 = x * c.w + 2 * u, top * c.h + 4 * u
    for i, col in enumerate(colours):
        pts = []
        for j in range(21):
            t = j / 20
            pts.append((x0 + t * fw, y0 + fh * i / 3 + math.sin(t * 5 + wave) * 6 * u * t))
        for j in range(20, -1, -1):
            t = j / 20
            pts.append((x0 + t * fw, y0 + fh * (i + 1) / 3 + math.sin(t * 5 + wave) * 6 * u * t))
        d.polygon(pts, fill=col)


# Flags of no real country.
FLAG_COLOURS = [
    [(24, 110, 110), (240, 234, 216), (206, 156, 52)],
    [(110, 30, 50), (206, 156, 52), (24, 110, 110)],
    [(36, 60, 110), (206, 156, 52), (240, 234, 216)],
]


# -- scenes ----------------------------------------------------------------
def scene_parliament(c: Canvas) -> None:
    c.sky(0.62)
    sun_x = c.rng.choice((0.18, 0.82))
    c.glow(sun_x * c.w, 0.35 * c.h, 0.45 * c.w, c.sun, 0.9)
    _skyline(c, 0.66, 0.8, 0.28, 0.08)
    _hills(c, 0.7, 0.04, 0.55, (80, 110, 90))
    _ground(c, 0.68, (196, 184, 160))
    stone = _mix(STONE, c.sun, 0.15)
    shade = _mix(_shade(STONE, -0.35), c.top, 0.25)
    left, right, top, base = 0.2, 0.8, 0.44, 0.72
    cx = 0.5
    c.shadow(
        lambda d: d.polygon(
            _pts(c, [(left, base), (right, base), (right + 0.12, 0.86), (left + 0.12, 0.86)]),
            fill=255,
        ),
        18 * c.u,
        0.35,
    )

    def building(d):
        u = c.u
        # Steps.
        for i in range(5):
            y = base + i * 0.014
            d.rectangle(
                _pts(c, [(left - 0.02 - i * 0.012, y), (right + 0.02 + i * 0.012, y + 0.014)]),
                fill=_shade(stone, -0.04 * (i % 2)),
            )
        # Drum and dome.
        d.rectangle(_pts(c, [(cx - 0.1, 0.3), (cx + 0.1, 0.42)]), fill=stone)
        for i in range(9):
            x = cx - 0.09 + i * 0.0225
            d.rectangle(_pts(c, [(x, 0.31), (x + 0.008, 0.42)]), fill=shade)
        d.pieslice(
            _pts(c, [(cx - 0.105, 0.14), (cx + 0.105, 0.46)]), 180, 270, fill=_shade(stone, 0.1)
        )
        d.pieslice(
            _pts(c, [(cx - 0.105, 0.14), (cx + 0.105, 0.46)]), 270, 360, fill=_shade(stone, -0.12)
        )
        d.rectangle(_pts(c, [(cx - 0.112, 0.295), (cx + 0.112, 0.305)]), fill=shade)
        d.rectangle(_pts(c, [(cx - 0.008, 0.11), (cx + 0.008, 0.15)]), fill=stone)
        d.rectangle(
            (cx * c.w - 1.5 * u, 0.06 * c.h, cx * c.w + 1.5 * u, 0.115 * c.h), fill=(70, 70, 76)
        )
        # Body, columns, entablature, pediment.
        d.rectangle(_pts(c, [(left, top), (right, base)]), fill=shade)
        n = 12
        for i in range(n):
            x = left + 0.02 + i * (right - left - 0.04) / (n - 1)
            d.rectangle(_pts(c, [(x - 0.011, top + 0.05), (x + 0.011, base)]), fill=stone)
            d.rectangle(
                _pts(c, [(x + 0.004, top + 0.05), (x + 0.011, base)]), fill=_shade(stone, -0.12)
            )
        d.rectangle(_pts(c, [(left - 0.01, top), (right + 0.01, top + 0.05)]), fill=stone)
        d.rectangle(
            _pts(c, [(left - 0.01, top + 0.04), (right + 0.01, top + 0.05)]),
            fill=_shade(stone, -0.15),
        )
        d.polygon(
            _pts(c, [(cx - 0.16, top), (cx + 0.16, top), (cx, top - 0.09)]),
            fill=_shade(stone, 0.05),
        )
        d.polygon(
            _pts(c, [(cx - 0.13, top - 0.01), (cx + 0.13, top - 0.01), (cx, top - 0.075)]),
            fill=_shade(stone, -0.08),
        )

    c.plane(building, blur=0.7 * c.u)
    colours = c.rng.choice(FLAG_COLOURS)
    c.plane(
        lambda d: [_flag(d, c, x, 0.3, 0.5, colours, c.rng.uniform(0, 3)) for x in (0.1, 0.9)],
        blur=0.6 * c.u,
    )
    c.plane(lambda d: _flag(d, c, cx, 0.03, 0.0, colours, 1.0), blur=0.6 * c.u)
    ink = c.fade(INK, 0.15)
    c.plane(
        lambda d: [
            _person(
                d,
                c.rng.uniform(0.05, 0.95) * c.w,
                c.rng.uniform(0.84, 0.97) * c.h,
                c.rng.uniform(0.07, 0.1) * c.h,
                ink,
                c.rng,
            )
            for _ in range(9)
        ],
        blur=0.8 * c.u,
    )


def scene_podium(c: Canvas) -> None:
    wall = c.rng.choice([(28, 44, 78), (70, 34, 44), (26, 62, 66)])
    c.vertical([(0, _shade(wall, -0.35)), (0.6, wall), (1, _shade(wall, -0.5))])
    c.glow(0.5 * c.w, 0.32 * c.h, 0.5 * c.w, _mix(c.sun, (255, 255, 255), 0.3), 0.6)
    emblem = _mix(wall, (230, 190, 110), 0.35)

    def emblem_draw(d):
        cx, cy, r = 0.5 * c.w, 0.3 * c.h, 0.17 * c.h
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=emblem, width=int(5 * c.u))
        for k in range(2):  # eight-pointed star: two squares
            pts = [
                (
                    cx + r * 0.75 * math.cos(a + k * math.pi / 4),
                    cy + r * 0.75 * math.sin(a + k * math.pi / 4),
                )
                for a in np.arange(0, 2 * math.pi, math.pi / 2)
            ]
            d.polygon(pts, outline=emblem, width=int(4 * c.u))

    c.plane(emblem_draw, blur=1.5 * c.u, opacity=0.7)
    colours = c.rng.choice(FLAG_COLOURS)

    def flags(d):
        for x in (0.22, 0.78):
            d.rectangle(_pts(c, [(x - 0.002, 0.08), (x + 0.002, 0.85)]), fill=(190, 170, 120))
            for i, col in enumerate(colours):
                for k in range(8):  # folds: light and dark strips
                    fx = x + 0.006 + k * 0.012
                    tone = _shade(col, -0.25 if k % 2 else 0.05)
                    d.rectangle(
                        _pts(c, [(fx, 0.1 + i * 0.15), (fx + 0.012, 0.1 + (i + 1) * 0.15)]),
                        fill=tone,
                    )

    c.plane(flags, blur=2.5 * c.u)
    wood = c.rng.choice([(120, 78, 48), (60, 64, 74), (150, 120, 90)])
    c.shadow(
        lambda d: d.polygon(
            _pts(c, [(0.36, 0.98), (0.64, 0.98), (0.7, 1.0), (0.3, 1.0)]), fill=255
        ),
        14 * c.u,
        0.6,
    )

    def podium(d):
        d.polygon(_pts(c, [(0.37, 0.58), (0.63, 0.58), (0.6, 1.0), (0.4, 1.0)]), fill=wood)
        d.polygon(
            _pts(c, [(0.56, 0.58), (0.63, 0.58), (0.6, 1.0), (0.54, 1.0)]), fill=_shade(wood, -0.3)
        )
        d.rectangle(_pts(c, [(0.35, 0.56), (0.65, 0.6)]), fill=_shade(wood, 0.15))
        cx, cy, r = 0.48 * c.w, 0.74 * c.h, 0.05 * c.h
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=emblem)
        # Microphones of several channels, converging on the speaker.
        for i in range(7):
            bx = 0.43 + i * 0.02
            tx = 0.47 + i * 0.009
            col = ACCENTS[i % len(ACCENTS)] if i % 2 else (30, 30, 34)
            d.line(_pts(c, [(bx, 0.58), (tx, 0.47)]), fill=(40, 40, 44), width=int(4 * c.u))
            d.rounded_rectangle(
                _pts(c, [(tx - 0.008, 0.44), (tx + 0.008, 0.48)]), radius=int(6 * c.u), fill=col
            )
            d.rectangle(
                _pts(c, [(tx - 0.01, 0.48), (tx + 0.01, 0.51)]),
                fill=_shade(col, 0.2) if i % 2 else (200, 200, 205),
            )

    c.plane(podium, blur=0.7 * c.u)
    # The press, out of focus in front.
    press = _shade(wall, -0.7)

    def heads(d):
        for i in range(9):
            x = (i + c.rng.uniform(-0.3, 0.3)) / 8 * c.w
            r = c.rng.uniform(0.09, 0.13) * c.h
            d.ellipse((x - r * 0.8, c.h - r * 1.2, x + r * 0.8, c.h + r * 0.6), fill=press)
            d.rounded_rectangle(
                (x - r * 1.8, c.h - r * 0.1, x + r * 1.8, c.h + r * 2), radius=int(r), fill=press
            )

    c.plane(heads, blur=12 * c.u)
    for _ in range(2):  # camera flashes
        c.glow(
            c.rng.uniform(0.05, 0.95) * c.w,
            c.rng.uniform(0.82, 0.92) * c.h,
            0.08 * c.w,
            (255, 255, 255),
            0.8,
        )


def scene_port(c: Canvas) -> None:
    c.sky(0.56)
    sun_x = c.rng.uniform(0.15, 0.85)
    c.glow(sun_x * c.w, 0.5 * c.h, 0.4 * c.w, c.sun, 1.0)
    _skyline(c, 0.58, 0.85, 0.16, 0.04)
    sea = _mix((40, 86, 120), c.horizon, 0.35)
    c.vertical([(0, _mix(sea, c.horizon, 0.5)), (1, _shade(sea, -0.35))], (0, 0.58 * c.h, c.w, c.h))

    def glints(d):
        for _ in range(60):
            y = c.rng.uniform(0.6, 1.0)
            x = sun_x + c.rng.gauss(0, 0.06 + (y - 0.6) * 0.3)
            ln = c.rng.uniform(0.01, 0.05) * (0.5 + y)
            d.rectangle(_pts(c, [(x - ln, y), (x + ln, y + 0.003)]), fill=(*c.sun, 150))

    c.plane(glints, blur=1.0 * c.u)
    # Quay.
    quay = _mix((90, 90, 96), c.haze, 0.2)
    c.plane(lambda d: d.polygon(_pts(c, [(0, 0.74), (1, 0.66), (1, 1), (0, 1)]), fill=quay))

    def containers(d, y0, y1, x0, x1, depth):
        rows = 4
        for r in range(rows):
            x = x0
            ch = (y1 - y0) / rows
            while x < x1:
                cw = c.rng.choice((0.04, 0.06)) * (1 - depth * 0.4)
                col = c.fade(c.rng.choice(ACCENTS + [(200, 200, 196)]), depth)
                box = _pts(c, [(x, y1 - (r + 1) * ch), (x + cw - 0.002, y1 - r * ch - 0.002)])
                d.rectangle(box, fill=col)
                for k in range(1, 6):
                    lx = box[0][0] + (box[1][0] - box[0][0]) * k / 6
                    d.line(
                        (lx, box[0][1], lx, box[1][1]),
                        fill=_shade(col, -0.2),
                        width=max(1, int(c.u)),
                    )
                x += cw
                if c.rng.random() < 0.15:
                    break

    c.plane(lambda d: containers(d, 0.56, 0.70, 0.45, 1.0, 0.35), blur=0.8 * c.u)

    def crane(d, x, scale, depth, colour):
        col = c.fade(colour, depth)
        dark = _shade(col, -0.25)
        w = 6 * c.u * scale
        base, top = 0.72 + (1 - scale) * -0.08, 0.72 - 0.5 * scale
        for lx in (x, x + 0.06 * scale):
            d.line(_pts(c, [(lx, base), (lx, top)]), fill=col, width=int(w * 1.6))
        for k in range(5):
            y = base - (base - top) * k / 5
            y2 = base - (base - top) * (k + 1) / 5
            d.line(_pts(c, [(x, y), (x + 0.06 * scale, y2)]), fill=dark, width=int(w * 0.8))
        d.line(
            _pts(c, [(x - 0.2 * scale, top), (x + 0.14 * scale, top)]), fill=col, width=int(w * 2)
        )
        d.line(
            _pts(c, [(x + 0.03 * scale, top - 0.12 * scale), (x - 0.2 * scale, top)]),
            fill=dark,
            width=int(w),
        )
        d.line(
            _pts(c, [(x + 0.03 * scale, top - 0.12 * scale), (x + 0.14 * scale, top)]),
            fill=dark,
            width=int(w),
        )
        d.line(
            _pts(c, [(x + 0.03 * scale, top - 0.12 * scale), (x + 0.03 * scale, top)]),
            fill=col,
            width=int(w * 1.4),
        )
        hx = x - 0.12 * scale
        d.line(
            _pts(c, [(hx, top), (hx, top + 0.18 * scale)]), fill=dark, width=max(1, int(w * 0.5))
        )
        d.rectangle(
            _pts(
                c,
                [(hx - 0.02 * scale, top + 0.18 * scale), (hx + 0.02 * scale, top + 0.21 * scale)],
            ),
            fill=c.fade(ACCENTS[2], depth),
        )

    colour = c.rng.choice([ACCENTS[0], ACCENTS[1], (220, 200, 80)])
    c.plane(
        lambda d: [
            crane(d, x, s, dp, colour) for x, s, dp in ((0.9, 0.6, 0.55), (0.72, 0.75, 0.35))
        ],
        blur=1.0 * c.u,
    )
    c.shadow(
        lambda d: d.polygon(
            _pts(c, [(0.0, 0.86), (0.7, 0.78), (0.8, 0.84), (0.1, 0.95)]), fill=255
        ),
        16 * c.u,
        0.3,
    )
    c.plane(lambda d: containers(d, 0.62, 0.9, 0.0, 0.62, 0.0), blur=0.7 * c.u)
    c.plane(lambda d: crane(d, 0.45, 1.0, 0.05, colour), blur=0.6 * c.u)


def scene_market(c: Canvas) -> None:
    c.sky(0.7)
    c.glow(0.75 * c.w, 0.55 * c.h, 0.45 * c.w, c.sun, 0.9)
    _skyline(c, 0.72, 0.75, 0.3, 0.08)
    _skyline(c, 0.78, 0.4, 0.42, 0.14)
    _ground(c, 0.78, (70, 76, 92))
    # A rising chart drawn across the sky, bars below it.
    rng = c.rng
    values = [0.5]
    for _ in range(13):
        values.append(min(0.95, max(0.1, values[-1] + rng.uniform(-0.09, 0.14))))
    line = (120, 230, 170) if c.mood != "golden" else (40, 150, 110)
    xs = np.linspace(0.08, 0.92, len(values))
    pts = [(x, 0.62 - v * 0.45) for x, v in zip(xs, values, strict=True)]

    c.plane(
        lambda d: d.polygon(_pts(c, pts + [(0.92, 0.66), (0.08, 0.66)]), fill=(*line, 40)),
        blur=3 * c.u,
    )
    c.plane(
        lambda d: d.line(_pts(c, pts), fill=(*line, 255), width=int(14 * c.u), joint="curve"),
        blur=10 * c.u,
        opacity=0.9,
    )
    c.plane(
        lambda d: [
            d.line(_pts(c, pts), fill=(255, 255, 255, 255), width=int(6 * c.u), joint="curve")
        ]
        + [
            d.ellipse(
                (x * c.w - 12 * c.u, y * c.h - 12 * c.u, x * c.w + 12 * c.u, y * c.h + 12 * c.u),
                fill=(255, 255, 255, 255),
            )
            for x, y in pts[-1:]
        ],
        blur=0.6 * c.u,
    )
    # Stacks of coins on a table in front.
    gold = (232, 178, 64)
    c.vertical([(0, (64, 50, 46)), (1, (30, 24, 24))], (0, 0.86 * c.h, c.w, c.h))
    c.shadow(
        lambda d: [
            d.ellipse(_pts(c, [(x - 0.06, 0.9), (x + 0.08, 0.97)]), fill=255)
            for x in (0.16, 0.27, 0.36)
        ],
        10 * c.u,
        0.6,
    )

    def coins(d):
        for x, n in ((0.16, 9), (0.27, 14), (0.36, 6)):
            rw, rh, th = 0.05, 0.02, 0.011
            for k in range(n):
                y = 0.93 - k * th
                d.ellipse(
                    _pts(c, [(x - rw, y - rh + th), (x + rw, y + rh + th)]),
                    fill=_shade(gold, -0.35),
                )
                d.rectangle(
                    _pts(c, [(x - rw, y), (x + rw, y + th)]),
                    fill=_shade(gold, -0.2 if k % 2 else -0.1),
                )
                d.ellipse(_pts(c, [(x - rw, y - rh), (x + rw, y + rh)]), fill=_shade(gold, 0.12))
            y = 0.93 - (n - 1) * th
            d.ellipse(
                _pts(c, [(x - rw * 0.6, y - rh * 0.6), (x + rw * 0.6, y + rh * 0.6)]),
                outline=_shade(gold, -0.15),
                width=int(2 * c.u),
            )

    c.plane(coins, blur=0.6 * c.u)


def scene_stadium(c: Canvas) -> None:
    c.top, c.horizon, c.sun, c.haze = MOODS["night"]
    c.sky(0.4)
    stand_top, stand_base = 0.22, 0.5
    crowd = np.asarray(
        Image.new("RGB", (c.w, int((stand_base - stand_top) * c.h))), dtype=np.float32
    )
    palette = np.array(
        [(200, 60, 56), (240, 240, 236), (40, 60, 110), (230, 190, 80), (60, 50, 60)],
        dtype=np.float32,
    )
    ch, cw = crowd.shape[:2]
    cell = max(2, int(3 * c.u))
    idx = c.np.integers(0, len(palette), (ch // cell + 1, cw // cell + 1))
    dots = palette[idx].repeat(cell, 0).repeat(cell, 1)[:ch, :cw]
    fade = np.linspace(0.45, 0.85, ch, dtype=np.float32)[:, None, None]
    rows = 0.8 + 0.2 * np.sin(np.arange(ch, dtype=np.float32) / (9 * c.u) * math.pi)[:, None, None]
    crowd = dots * fade * rows * 0.6 + np.array(c.haze, dtype=np.float32) * 0.25
    crowd_img = Image.fromarray(np.clip(crowd, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(1.6 * c.u)
    )
    c.img.paste(crowd_img, (0, int(stand_top * c.h)))
    # Roof edge and tiers.
    c.plane(
        lambda d: [d.rectangle(_pts(c, [(0, stand_top - 0.03), (1, stand_top)]), fill=(30, 36, 52))]
        + [
            d.line(_pts(c, [(0, y), (1, y)]), fill=(20, 24, 36, 160), width=int(3 * c.u))
            for y in (0.31, 0.4)
        ]
    )
    # Floodlights and their beams.
    for x in (0.12, 0.88):
        c.plane(
            lambda d, x=x: d.polygon(
                _pts(
                    c,
                    [
                        (x - 0.02, 0.1),
                        (x + 0.02, 0.1),
                        (0.5 + (x - 0.5) * 0.2, 0.9),
                        (0.5 + (x - 0.5) * 0.9, 0.95),
                    ],
                ),
                fill=(255, 255, 235, 36),
            ),
            blur=30 * c.u,
        )
        c.plane(
            lambda d, x=x: [
                d.rectangle(_pts(c, [(x - 0.003, 0.12), (x + 0.003, stand_top)]), fill=(40, 44, 60))
            ]
            + [
                d.rectangle(
                    _pts(
                        c,
                        [
                            (x - 0.035 + i * 0.012, 0.07 + r * 0.02),
                            (x - 0.027 + i * 0.012, 0.085 + r * 0.02),
                        ],
                    ),
                    fill=(255, 252, 230),
                )
                for i in range(6)
                for r in range(2)
            ],
            blur=0.6 * c.u,
        )
        c.glow(x * c.w, 0.09 * c.h, 0.2 * c.w, (255, 250, 220), 1.0)
    # Pitch in perspective, mown stripes and lines.
    green = (52, 128, 66)
    c.vertical(
        [(0, _shade(green, -0.2)), (1, _shade(green, 0.08))], (0, stand_base * c.h, c.w, c.h)
    )

    def pitch(d):
        y0 = stand_base
        for k in range(0, 12, 2):  # stripes widen towards the viewer
            xa, xb = k / 12, (k + 1) / 12
            d.polygon(
                _pts(
                    c,
                    [
                        (0.5 + (xa - 0.5) * 0.8, y0),
                        (0.5 + (xb - 0.5) * 0.8, y0),
                        (0.5 + (xb - 0.5) * 2.2, 1),
                        (0.5 + (xa - 0.5) * 2.2, 1),
                    ],
                ),
                fill=(255, 255, 255, 18),
            )
        white = (240, 244, 240, 220)
        lw = int(3 * c.u)
        d.line(_pts(c, [(0.08, 0.56), (0.92, 0.56)]), fill=white, width=lw)
        d.line(_pts(c, [(0.5, 0.56), (0.5, 1.0)]), fill=white, width=lw)
        d.ellipse(_pts(c, [(0.38, 0.66), (0.62, 0.86)]), outline=white, width=lw)
        d.polygon(_pts(c, [(0.08, 0.56), (0.0, 0.7)]), fill=white)
        d.line(_pts(c, [(0.08, 0.56), (-0.1, 1.0)]), fill=white, width=lw)
        d.line(_pts(c, [(0.92, 0.56), (1.1, 1.0)]), fill=white, width=lw)

    c.plane(pitch, blur=0.8 * c.u)
    kit = c.rng.sample(ACCENTS, 2)

    def players(d):
        for i in range(7):
            y = c.rng.uniform(0.66, 0.95)
            x = c.rng.uniform(0.1, 0.9)
            _person(d, x * c.w, y * c.h, (0.12 + (y - 0.6) * 0.25) * c.h, kit[i % 2], c.rng)

    c.shadow(
        lambda d: [
            d.ellipse(
                (x * c.w - 30 * c.u, y * c.h - 5 * c.u, x * c.w + 60 * c.u, y * c.h + 8 * c.u),
                fill=255,
            )
            for x, y in ((0.3, 0.8),)
        ],
        6 * c.u,
        0.0,
    )
    c.plane(players, blur=0.7 * c.u)


def scene_datacentre(c: Canvas) -> None:
    c.top, c.horizon, c.sun, c.haze = (12, 18, 34), (40, 70, 110), (140, 220, 255), (70, 110, 150)
    c.vertical([(0, (10, 14, 26)), (0.5, (30, 52, 86)), (1, (8, 12, 22))])
    vx, vy = 0.5, 0.48
    c.glow(vx * c.w, vy * c.h, 0.35 * c.w, (140, 210, 255), 1.0)
    led = c.rng.choice([(90, 230, 255), (120, 255, 170)])

    def racks(d):
        for side in (-1, 1):
            for k in range(9, -1, -1):  # far to near
                t0, t1 = k / 10, (k + 1) / 10

                # Perspective: distance t from the viewer maps to x near the centre.
                def px(t, side=side):
                    return vx + side * (0.06 + 0.44 * (1 - t) ** 1.6)

                x0, x1 = px(t1), px(t0)
                top0, top1 = vy - 0.05 - 0.45 * (1 - t1) ** 1.6, vy - 0.05 - 0.45 * (1 - t0) ** 1.6
                bot0, bot1 = vy + 0.03 + 0.5 * (1 - t1) ** 1.6, vy + 0.03 + 0.5 * (1 - t0) ** 1.6
                depth = t0
                body = c.fade((24, 30, 44), depth * 0.8)
                d.polygon(_pts(c, [(x0, top0), (x1, top1), (x1, bot1), (x0, bot0)]), fill=body)
                d.line(
                    _pts(c, [(x1, top1), (x1, bot1)]),
                    fill=_shade(body, 0.25),
                    width=max(1, int(2 * c.u)),
                )
                for r in range(12):
                    f = (r + 0.5) / 12
                    if c.rng.random() < 0.7:
                        lx = x0 + (x1 - x0) * c.rng.uniform(0.2, 0.8)
                        ly = (top0 + (bot0 - top0) * f) * 0.5 + (top1 + (bot1 - top1) * f) * 0.5
                        s = (1.5 + 3 * (1 - t0)) * c.u
                        col = led if c.rng.random() < 0.85 else (255, 170, 60)
                        d.ellipse(
                            (lx * c.w - s, ly * c.h - s, lx * c.w + s, ly * c.h + s),
                            fill=(*_mix(col, c.haze, depth * 0.5), 255),
                        )

    c.plane(racks, blur=0.7 * c.u)
    c.plane(racks, blur=6 * c.u, opacity=0.5)  # the LEDs bloom
    # Floor reflection and ceiling lights.
    c.plane(
        lambda d: d.polygon(
            _pts(
                c, [(vx - 0.04, vy + 0.03), (vx + 0.04, vy + 0.03), (vx + 0.25, 1), (vx - 0.25, 1)]
            ),
            fill=(140, 210, 255, 40),
        ),
        blur=20 * c.u,
    )
    c.plane(
        lambda d: [
            d.rectangle(
                _pts(
                    c,
                    [
                        (vx - 0.01 - 0.2 * (1 - t) ** 1.6, vy - 0.06 - 0.44 * (1 - t) ** 1.6),
                        (vx + 0.01 + 0.2 * (1 - t) ** 1.6, vy - 0.055 - 0.43 * (1 - t) ** 1.6),
                    ],
                ),
                fill=(220, 240, 255, 200),
            )
            for t in (0.1, 0.35, 0.55, 0.7, 0.8)
        ],
        blur=2 * c.u,
    )


def _circuits(c: Canvas, colour, opacity: float) -> None:
    def draw(d):
        for _ in range(26):
            x, y = c.rng.uniform(0, 1), c.rng.uniform(0, 0.6)
            pts = [(x, y)]
            for _ in range(3):
                if c.rng.random() < 0.5:
                    x += c.rng.choice((-1, 1)) * c.rng.uniform(0.03, 0.12)
                else:
                    y += c.rng.choice((-1, 1)) * c.rng.uniform(0.03, 0.1)
                pts.append((x, y))
            d.line(_pts(c, pts), fill=(*colour, 255), width=int(2 * c.u))
            ex, ey = pts[-1]
            r = 4 * c.u
            d.ellipse(
                (ex * c.w - r, ey * c.h - r, ex * c.w + r, ey * c.h + r),
                outline=(*colour, 255),
                width=int(2 * c.u),
            )

    c.plane(draw, blur=0.8 * c.u, opacity=opacity)


def scene_desk(c: Canvas) -> None:
    wall = c.rng.choice([(34, 48, 72), (56, 60, 74), (40, 64, 70)])
    c.top, c.horizon, c.sun, c.haze = _shade(wall, -0.3), wall, (255, 220, 170), _shade(wall, 0.3)
    c.vertical([(0, _shade(wall, -0.3)), (0.62, _shade(wall, 0.08))])
    c.glow(0.15 * c.w, 0.1 * c.h, 0.6 * c.w, (255, 214, 160), 0.5)
    glow = c.rng.choice([(100, 200, 255), (120, 240, 200)])
    _circuits(c, _shade(glow, -0.2), 0.35)
    wood = c.rng.choice([(150, 104, 70), (190, 160, 120), (90, 70, 60)])
    c.vertical([(0, _shade(wood, 0.1)), (1, _shade(wood, -0.35))], (0, 0.62 * c.h, c.w, c.h))
    # Laptop.
    c.shadow(
        lambda d: d.polygon(
            _pts(c, [(0.28, 0.82), (0.7, 0.82), (0.78, 0.95), (0.22, 0.95)]), fill=255
        ),
        14 * c.u,
        0.55,
    )

    def laptop(d):
        d.polygon(_pts(c, [(0.3, 0.2), (0.68, 0.2), (0.68, 0.8), (0.3, 0.8)]), fill=(36, 38, 44))
        d.rectangle(_pts(c, [(0.315, 0.225), (0.665, 0.775)]), fill=(14, 24, 44))
        d.polygon(
            _pts(c, [(0.3, 0.8), (0.68, 0.8), (0.76, 0.9), (0.22, 0.9)]), fill=(190, 192, 198)
        )
        d.polygon(
            _pts(c, [(0.22, 0.9), (0.76, 0.9), (0.76, 0.915), (0.22, 0.915)]), fill=(130, 132, 140)
        )
        d.polygon(
            _pts(c, [(0.44, 0.865), (0.54, 0.865), (0.545, 0.885), (0.435, 0.885)]),
            fill=(170, 172, 180),
        )
        # Screen content: headline bars and a chart.
        for i in range(5):
            w = c.rng.uniform(0.08, 0.16)
            d.rectangle(
                _pts(c, [(0.64 - w, 0.27 + i * 0.05), (0.64, 0.29 + i * 0.05)]),
                fill=(*_mix(glow, (255, 255, 255), 0.3 if i else 0.7), 255),
            )
        vals = [c.rng.uniform(0.3, 1) for _ in range(8)]
        for i, v in enumerate(vals):
            x = 0.34 + i * 0.018
            d.rectangle(_pts(c, [(x, 0.72 - v * 0.2), (x + 0.012, 0.72)]), fill=(*glow, 255))

    c.plane(laptop, blur=0.6 * c.u)
    c.glow(0.49 * c.w, 0.5 * c.h, 0.4 * c.w, glow, 0.45)
    # Phone beside it, its screen lit.
    c.shadow(
        lambda d: d.rounded_rectangle(
            _pts(c, [(0.79, 0.8), (0.92, 0.96)]), radius=int(12 * c.u), fill=255
        ),
        8 * c.u,
        0.5,
    )

    def phone(d):
        d.polygon(
            _pts(c, [(0.8, 0.76), (0.9, 0.74), (0.93, 0.92), (0.82, 0.94)]), fill=(20, 22, 28)
        )
        d.polygon(
            _pts(c, [(0.808, 0.77), (0.893, 0.753), (0.92, 0.91), (0.826, 0.927)]),
            fill=_mix(glow, (20, 30, 60), 0.4),
        )

    c.plane(phone, blur=0.6 * c.u)
    # A cup.
    cup = c.rng.choice([(240, 236, 228), (200, 70, 56), (28, 122, 132)])
    c.plane(
        lambda d: [
            d.rounded_rectangle(
                _pts(c, [(0.1, 0.7), (0.17, 0.86)]), radius=int(10 * c.u), fill=cup
            ),
            d.ellipse(_pts(c, [(0.1, 0.685), (0.17, 0.715)]), fill=(70, 46, 34)),
            d.arc(_pts(c, [(0.155, 0.73), (0.2, 0.81)]), 270, 90, fill=cup, width=int(8 * c.u)),
        ],
        blur=0.6 * c.u,
    )


def scene_rocket(c: Canvas) -> None:
    c.sky(0.74)
    c.glow(0.3 * c.w, 0.7 * c.h, 0.5 * c.w, c.sun, 0.8)
    _hills(c, 0.76, 0.06, 0.7, (150, 110, 90))
    _ground(c, 0.78, (200, 160, 120))
    x = c.rng.uniform(0.42, 0.6)
    body = (240, 240, 236)
    # Lattice tower.
    tower = c.fade((200, 70, 56), 0.15)

    def tower_draw(d):
        tx = x + 0.06
        d.rectangle(_pts(c, [(tx, 0.12), (tx + 0.035, 0.8)]), outline=tower, width=int(4 * c.u))
        for k in range(16):
            y0, y1 = 0.12 + k * 0.0425, 0.12 + (k + 1) * 0.0425
            d.line(_pts(c, [(tx, y0), (tx + 0.035, y1)]), fill=tower, width=int(2 * c.u))
            d.line(_pts(c, [(tx, y1), (tx + 0.035, y1)]), fill=tower, width=int(2 * c.u))
        for y in (0.3, 0.5):
            d.rectangle(_pts(c, [(x + 0.025, y), (tx, y + 0.012)]), fill=tower)

    c.shadow(
        lambda d: d.polygon(
            _pts(c, [(x - 0.03, 0.8), (x + 0.1, 0.8), (x + 0.4, 0.9), (x + 0.2, 0.92)]), fill=255
        ),
        18 * c.u,
        0.35,
    )
    c.plane(tower_draw, blur=0.7 * c.u)

    def rocket(d):
        w = 0.024
        d.rectangle(_pts(c, [(x - w, 0.22), (x + w, 0.76)]), fill=body)
        d.rectangle(_pts(c, [(x + w * 0.2, 0.22), (x + w, 0.76)]), fill=_shade(body, -0.18))
        d.polygon(_pts(c, [(x - w, 0.22), (x + w, 0.22), (x, 0.12)]), fill=_shade(body, -0.05))
        d.polygon(
            _pts(c, [(x + w * 0.2, 0.22), (x + w, 0.22), (x, 0.12)]), fill=_shade(body, -0.22)
        )
        for y in (0.3, 0.6):
            d.rectangle(_pts(c, [(x - w, y), (x + w, y + 0.02)]), fill=INK)
        d.polygon(_pts(c, [(x - w, 0.68), (x - w * 2.2, 0.78), (x - w, 0.76)]), fill=INK)
        d.polygon(_pts(c, [(x + w, 0.68), (x + w * 2.2, 0.78), (x + w, 0.76)]), fill=INK)

    c.plane(rocket, blur=0.6 * c.u)

    def smoke(d):
        for _ in range(40):
            sx = x + c.rng.gauss(0, 0.09)
            sy = c.rng.uniform(0.74, 0.86)
            r = c.rng.uniform(0.03, 0.08) * c.h
            tone = _mix((250, 244, 236), c.haze, c.rng.uniform(0, 0.5))
            d.ellipse(
                (sx * c.w - r * 1.4, sy * c.h - r, sx * c.w + r * 1.4, sy * c.h + r),
                fill=(*tone, 230),
            )

    c.plane(smoke, blur=6 * c.u)
    c.glow(x * c.w, 0.78 * c.h, 0.1 * c.w, (255, 200, 120), 0.9)


def scene_theatre(c: Canvas) -> None:
    red = c.rng.choice([(150, 28, 40), (120, 30, 70), (40, 60, 120)])
    c.top, c.horizon, c.sun, c.haze = (20, 14, 20), (60, 40, 50), (255, 226, 170), (80, 60, 70)
    c.vertical([(0, (10, 8, 14)), (0.7, (30, 24, 34)), (1, (14, 10, 14))])
    # The stage floor and a spotlight on it.
    c.vertical([(0, (110, 80, 60)), (1, (50, 34, 28))], (0, 0.66 * c.h, c.w, 0.8 * c.h))
    c.plane(
        lambda d: d.polygon(
            _pts(c, [(0.44, 0.0), (0.56, 0.0), (0.7, 0.76), (0.3, 0.76)]), fill=(255, 240, 200, 60)
        ),
        blur=24 * c.u,
    )
    c.plane(
        lambda d: d.ellipse(_pts(c, [(0.3, 0.68), (0.7, 0.8)]), fill=(255, 236, 190, 110)),
        blur=14 * c.u,
    )
    figure = (24, 18, 24)
    c.plane(
        lambda d: [_person(d, x * c.w, 0.74 * c.h, 0.3 * c.h, figure, c.rng) for x in (0.47, 0.55)],
        blur=0.8 * c.u,
    )
    # Curtains: folds as a sine of light across each drape.
    xs = np.linspace(0, 1, c.w, dtype=np.float32)
    folds = 0.55 + 0.45 * np.sin(xs * 2 * math.pi * 14) ** 2
    curtain = np.array(red, dtype=np.float32)[None, :] * folds[:, None]
    strip = np.repeat(curtain[None, :, :], c.h, axis=0)
    cimg = Image.fromarray(np.clip(strip, 0, 255).astype(np.uint8))
    mask = Image.new("L", (c.w, c.h), 0)
    md = ImageDraw.Draw(mask)
    # Drapes gathered to the sides, and a valance on top.
    md.polygon(
        _pts(c, [(0, 0), (0.3, 0), (0.26, 0.3), (0.2, 0.6), (0.16, 0.82), (0, 0.84)]), fill=255
    )
    md.polygon(
        _pts(c, [(1, 0), (0.7, 0), (0.74, 0.3), (0.8, 0.6), (0.84, 0.82), (1, 0.84)]), fill=255
    )
    md.rectangle(_pts(c, [(0, 0), (1, 0.12)]), fill=255)
    for k in range(10):
        md.chord(_pts(c, [(k / 10, 0.08), ((k + 1) / 10, 0.16)]), 0, 180, fill=255)
    c.img.paste(cimg, (0, 0), mask.filter(ImageFilter.GaussianBlur(0.8 * c.u)))
    gold = (214, 170, 90)
    c.plane(
        lambda d: [
            d.rectangle(_pts(c, [(0, 0), (1, 0.025)]), fill=gold),
            d.rectangle(_pts(c, [(0, 0.82), (1, 0.84)]), fill=_shade(gold, -0.3)),
        ],
        blur=0.6 * c.u,
    )
    # The audience, dark heads in front.
    c.vertical([(0, (14, 10, 14)), (1, (6, 4, 6))], (0, 0.84 * c.h, c.w, c.h))

    def heads(d):
        for row, (y, r) in enumerate(((0.9, 0.045), (0.98, 0.06))):
            x = -0.02 + row * 0.03
            while x < 1.04:
                d.ellipse(
                    _pts(c, [(x - r * 0.5, y - r), (x + r * 0.5, y + r * 0.4)]), fill=(8, 6, 10)
                )
                d.rounded_rectangle(
                    _pts(c, [(x - r, y), (x + r, y + r * 2)]),
                    radius=int(r * c.h * 0.5),
                    fill=(8, 6, 10),
                )
                x += r * 1.7

    c.plane(heads, blur=2.5 * c.u)


def _star_pattern(c: Canvas, box, colour, cell: float) -> None:
    """Eight-pointed stars on a square grid, the commonest girih motif."""
    x0, y0, x1, y1 = box

    def draw(d):
        s = cell * c.h
        y = y0 * c.h
        while y < y1 * c.h + s:
            x = x0 * c.w
            while x < x1 * c.w + s:
                for k in range(2):
                    pts = [
                        (
                            x + s * 0.42 * math.cos(a + k * math.pi / 4),
                            y + s * 0.42 * math.sin(a + k * math.pi / 4),
                        )
                        for a in np.arange(math.pi / 4, 2 * math.pi, math.pi / 2)
                    ]
                    d.polygon(pts, outline=(*colour, 255), width=max(1, int(2 * c.u)))
                x += s
            y += s

    c.plane(draw, blur=0.6 * c.u, opacity=0.55)


def scene_arches(c: Canvas) -> None:
    c.top, c.horizon, c.sun, c.haze = MOODS[c.rng.choice(("golden", "day"))]
    c.sky(0.6)
    c.glow(0.5 * c.w, 0.45 * c.h, 0.5 * c.w, c.sun, 0.8)
    _hills(c, 0.66, 0.05, 0.6, (150, 120, 90))
    wall = c.rng.choice([(222, 196, 160), (232, 218, 196), (206, 170, 140)])
    tile = c.rng.choice([(28, 110, 130), (40, 70, 140), (150, 60, 50)])
    # The arcade: a wall pierced by pointed arches (the sky shows through).
    n = 5
    mask = Image.new("L", (c.w, c.h), 255)
    md = ImageDraw.Draw(mask)
    aw = 1 / n
    for i in range(n):
        cx = (i + 0.5) * aw
        left, right, spring, base = cx - aw * 0.33, cx + aw * 0.33, 0.42, 0.86
        md.rectangle(_pts(c, [(left, spring), (right, base)]), fill=0)
        r = (right - left) * c.w
        # Two arcs meeting in a point: a pointed (Islamic) arch.
        md.pieslice(
            (left * c.w, spring * c.h - r, left * c.w + 2 * r, spring * c.h + r), 180, 240, fill=0
        )
        md.pieslice(
            (right * c.w - 2 * r, spring * c.h - r, right * c.w, spring * c.h + r), 300, 360, fill=0
        )
    column = np.linspace(1.0, 0.8, 64, dtype=np.float32)[:, None, None] * np.array(wall)
    wall_img = Image.fromarray(column.astype(np.uint8)).resize((c.w, c.h))
    # Soft inner shadow on the arches' edges gives the wall thickness.
    c.shadow(lambda d: d.bitmap((0, 0), mask, fill=255), 10 * c.u, 0.5)
    c.img.paste(wall_img, (0, 0), mask.filter(ImageFilter.GaussianBlur(0.6 * c.u)))
    _star_pattern(c, (0, 0.0, 1, 0.1), tile, 0.06)
    c.plane(
        lambda d: [
            d.rectangle(_pts(c, [(0, 0.1), (1, 0.12)]), fill=tile),
            d.rectangle(_pts(c, [(0, 0.86), (1, 1)]), fill=_shade(wall, -0.25)),
        ],
        blur=0.6 * c.u,
    )
    _star_pattern(c, (0, 0.88, 1, 1), _shade(wall, -0.45), 0.05)
    # Lanterns hanging in the arches.
    brass = (190, 140, 60)
    for i in range(1, n, 2):
        cx = (i + 0.5) * aw
        c.plane(
            lambda d, cx=cx: [
                d.line(_pts(c, [(cx, 0.12), (cx, 0.4)]), fill=(60, 50, 40), width=int(2 * c.u)),
                d.polygon(
                    _pts(
                        c,
                        [
                            (cx - 0.02, 0.44),
                            (cx + 0.02, 0.44),
                            (cx + 0.028, 0.5),
                            (cx, 0.56),
                            (cx - 0.028, 0.5),
                        ],
                    ),
                    fill=(255, 210, 120),
                ),
                d.polygon(
                    _pts(
                        c,
                        [
                            (cx - 0.012, 0.4),
                            (cx + 0.012, 0.4),
                            (cx + 0.02, 0.44),
                            (cx - 0.02, 0.44),
                        ],
                    ),
                    fill=brass,
                ),
            ],
            blur=0.6 * c.u,
        )
        c.glow(cx * c.w, 0.5 * c.h, 0.12 * c.w, (255, 200, 110), 1.0)
    ink = (40, 34, 40)
    c.plane(
        lambda d: [
            _person(
                d,
                c.rng.uniform(0.05, 0.95) * c.w,
                0.86 * c.h,
                c.rng.uniform(0.22, 0.27) * c.h,
                ink,
                c.rng,
            )
            for _ in range(3)
        ],
        blur=0.8 * c.u,
        opacity=0.9,
    )


def scene_globe(c: Canvas) -> None:
    c.top, c.horizon, c.sun, c.haze = (14, 26, 52), (40, 70, 120), (200, 220, 255), (60, 90, 140)
    c.vertical([(0, (12, 22, 46)), (1, (30, 56, 96))])
    cx, cy, r = c.rng.uniform(0.38, 0.62) * c.w, 0.56 * c.h, 0.4 * c.h
    c.glow(cx, cy, r * 1.6, (90, 150, 230), 0.7)
    # Sphere: shaded disc, graticule, land masses as soft blobs.
    # Only the globe's box is shaded, pixel by pixel.
    box = (max(0, int(cx - r) - 2), max(0, int(cy - r) - 2))
    box += (min(c.w, int(cx + r) + 3), min(c.h, int(cy + r) + 3))
    ox, oy = box[0], box[1]
    yy, xx = np.mgrid[box[1] : box[3], box[0] : box[2]].astype(np.float32)
    d2 = ((xx - cx) ** 2 + (yy - cy) ** 2) / (r * r)
    inside = d2 <= 1
    z = np.sqrt(np.clip(1 - d2, 0, 1))
    light = np.clip(
        ((cx - r * 0.4 - xx) / r * 0.5 + (cy - r * 0.5 - yy) / r * 0.4 + z) * 0.6 + 0.25, 0.15, 1.1
    )
    ocean = np.array((36, 110, 170), dtype=np.float32)
    arr = np.asarray(c.img.crop(box), dtype=np.float32).copy()
    arr[inside] = (ocean * light[..., None])[inside]
    c.img.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (ox, oy))
    size = (box[2] - box[0], box[3] - box[1])
    land = Image.new("L", size, 0)
    ld = ImageDraw.Draw(land)
    for _ in range(14):
        a, rr = c.rng.uniform(0, 2 * math.pi), c.rng.uniform(0, 0.8) * r
        bx, by = cx - ox + rr * math.cos(a), cy - oy + rr * math.sin(a)
        s = c.rng.uniform(0.12, 0.3) * r
        ld.ellipse((bx - s * 1.3, by - s, bx + s * 1.3, by + s), fill=255)
    coast = np.asarray(land.filter(ImageFilter.GaussianBlur(8 * c.u))) > 110
    land = Image.fromarray((coast & inside).astype(np.uint8) * 255)
    land_col = np.clip(
        np.array((110, 170, 110), dtype=np.float32) * light[..., None], 0, 255
    ).astype(np.uint8)
    c.img.paste(
        Image.fromarray(land_col), (ox, oy), land.filter(ImageFilter.GaussianBlur(0.8 * c.u))
    )

    def grid(d):
        for k in range(1, 6):
            f = k / 6
            d.ellipse(
                (cx - r, cy - r * abs(1 - 2 * f), cx + r, cy + r * abs(1 - 2 * f)),
                outline=(255, 255, 255, 50),
                width=max(1, int(c.u)),
            )
            d.ellipse(
                (cx - r * abs(1 - 2 * f), cy - r, cx + r * abs(1 - 2 * f), cy + r),
                outline=(255, 255, 255, 50),
                width=max(1, int(c.u)),
            )

    c.plane(grid, blur=0.5 * c.u)
    # Routes: arcs between cities, with a glowing point at each end.
    gold = (255, 200, 100)

    def routes(d):
        cities = [
            (cx + c.rng.uniform(-0.7, 0.7) * r, cy + c.rng.uniform(-0.6, 0.6) * r) for _ in range(6)
        ]
        for (ax, ay), (bx, by) in zip(cities, cities[1:] + cities[:1], strict=True):
            mx, my = (ax + bx) / 2, (ay + by) / 2 - abs(bx - ax) * 0.35
            pts = [
                (
                    (1 - t) ** 2 * ax + 2 * (1 - t) * t * mx + t * t * bx,
                    (1 - t) ** 2 * ay + 2 * (1 - t) * t * my + t * t * by,
                )
                for t in np.linspace(0, 1, 40)
            ]
            d.line(pts, fill=(*gold, 230), width=int(3 * c.u))
        for x, y in cities:
            d.ellipse(
                (x - 7 * c.u, y - 7 * c.u, x + 7 * c.u, y + 7 * c.u), fill=(255, 240, 200, 255)
            )

    c.plane(routes, blur=5 * c.u, opacity=0.7)
    c.plane(routes, blur=0.6 * c.u)
    # A plane crossing.
    px, py = c.rng.uniform(0.15, 0.3) * c.w, 0.2 * c.h
    s = 30 * c.u
    c.plane(
        lambda d: [
            d.polygon(
                [
                    (px - s * 1.4, py),
                    (px + s * 1.4, py - s * 0.1),
                    (px + s * 1.5, py + s * 0.1),
                    (px - s * 1.4, py + s * 0.15),
                ],
                fill=(240, 244, 250),
            ),
            d.polygon(
                [
                    (px - s * 0.2, py),
                    (px + s * 0.3, py),
                    (px - s * 0.5, py + s * 1.1),
                    (px - s * 0.8, py + s * 1.1),
                ],
                fill=(210, 216, 228),
            ),
            d.polygon(
                [
                    (px - s * 0.2, py),
                    (px + s * 0.3, py),
                    (px - s * 0.4, py - s * 0.9),
                    (px - s * 0.7, py - s * 0.9),
                ],
                fill=(225, 230, 240),
            ),
        ],
        blur=0.6 * c.u,
    )


def scene_street(c: Canvas) -> None:
    c.sky(0.55)
    sun_x = c.rng.uniform(0.2, 0.8)
    c.glow(sun_x * c.w, 0.3 * c.h, 0.5 * c.w, c.sun, 0.9)
    _skyline(c, 0.6, 0.85, 0.3, 0.1)
    _skyline(c, 0.66, 0.55, 0.4, 0.15, (90, 80, 76))
    # Buildings at the street's sides, in perspective.
    facade = c.rng.choice([(214, 190, 160), (200, 176, 150), (180, 190, 196)])

    def sides(d):
        d.polygon(_pts(c, [(0, 0.05), (0.24, 0.32), (0.24, 0.7), (0, 0.86)]), fill=facade)
        d.polygon(
            _pts(c, [(1, 0.08), (0.78, 0.34), (0.78, 0.7), (1, 0.86)]), fill=_shade(facade, -0.2)
        )
        for k in range(6):  # windows and awnings
            t = k / 6
            for side, x0, x1 in ((0, 0.0, 0.24), (1, 1.0, 0.78)):
                xa = x0 + (x1 - x0) * (t + 0.03)
                xb = x0 + (x1 - x0) * (t + 0.11)
                ya, yb = 0.15 + t * 0.15, 0.55 + t * 0.04
                d.rectangle(
                    _pts(c, [(min(xa, xb), ya + 0.12), (max(xa, xb), ya + 0.2)]),
                    fill=_shade(facade, -0.45),
                )
                aw = ACCENTS[(k + side) % len(ACCENTS)]
                d.polygon(
                    _pts(
                        c,
                        [
                            (xa, yb - 0.04),
                            (xb, yb - 0.04),
                            (xb + (0.01 if side else -0.01), yb),
                            (xa, yb),
                        ],
                    ),
                    fill=aw,
                )

    c.plane(sides, blur=0.7 * c.u)
    _ground(c, 0.7, (170, 160, 150))
    c.plane(
        lambda d: [
            d.polygon(
                _pts(c, [(0.49, 0.7), (0.51, 0.7), (0.52 + k * 0.0, 1), (0.48, 1)]),
                fill=(250, 250, 245, 120),
            )
            for k in range(1)
        ],
        blur=1 * c.u,
    )
    # People, nearer ones bigger and darker; long soft shadows.
    cols = [c.fade(INK, 0.1), c.fade((80, 50, 60), 0.1), c.fade((40, 70, 90), 0.1)]
    people = sorted((c.rng.uniform(0.72, 0.98), c.rng.uniform(0.05, 0.95)) for _ in range(16))
    c.shadow(
        lambda d: [
            d.polygon(
                [
                    (x * c.w, y * c.h),
                    ((x + 0.05) * c.w, y * c.h + 6 * c.u),
                    ((x + 0.05) * c.w, y * c.h + 12 * c.u),
                    (x * c.w, y * c.h + 6 * c.u),
                ],
                fill=255,
            )
            for y, x in people
        ],
        4 * c.u,
        0.35,
    )

    def crowd(d):
        for y, x in people:
            size = (0.1 + (y - 0.7) * 0.9) * c.h
            _person(d, x * c.w, y * c.h, size, c.fade(c.rng.choice(cols), (1 - y) * 1.5), c.rng)
            if c.rng.random() < 0.35:  # an umbrella against the sun
                r = size * 0.3
                top = y * c.h - size - r * 0.35
                d.line((x * c.w, top, x * c.w, y * c.h - size * 0.55), fill=INK, width=int(3 * c.u))
                d.pieslice(
                    (x * c.w - r, top - r * 0.9, x * c.w + r, top + r * 0.9),
                    180,
                    360,
                    fill=c.rng.choice(ACCENTS),
                )

    c.plane(crowd, blur=0.7 * c.u)


def scene_portrait(c: Canvas, feminine: bool = False) -> None:
    rng = c.rng
    back = rng.choice(BACKDROPS)
    c.top, c.horizon, c.sun, c.haze = _shade(back, -0.1), back, (255, 240, 220), back
    c.vertical([(0, _shade(back, 0.1)), (1, _shade(back, -0.25))])
    c.glow(0.35 * c.w, 0.3 * c.h, 0.7 * c.w, _shade(back, 0.5), 0.7)
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    cloth = rng.choice(CLOTHES)
    W, H = c.w, c.h
    cx = 0.5 * W
    head_w, head_h = 0.42 * W, 0.32 * H
    hy = 0.4 * H  # centre of the face
    hijab = feminine and rng.random() < 0.5
    c.shadow(
        lambda d: d.ellipse((cx - 0.5 * W, 0.7 * H, cx + 0.6 * W, 1.3 * H), fill=255),
        40 * c.u,
        0.35,
    )

    def body(d):
        # Shoulders and jacket.
        # Sloping shoulders: the top of a wide ellipse.
        d.ellipse((cx - 0.62 * W, 0.63 * H, cx + 0.62 * W, 1.5 * H), fill=cloth)
        d.polygon(
            [
                (cx + 0.05 * W, 0.64 * H),
                (cx + 0.4 * W, 0.7 * H),
                (cx + 0.62 * W, H),
                (cx + 0.1 * W, H),
            ],
            fill=_shade(cloth, -0.2),
        )
        if hijab:
            return
        # Neck and collar (shirt and lapels, or an open neckline).
        d.rounded_rectangle(
            (cx - 0.1 * W, hy + 0.08 * H, cx + 0.1 * W, 0.7 * H),
            radius=int(0.04 * W),
            fill=_shade(skin, -0.12),
        )
        shirt = rng.choice([(244, 244, 240), (200, 220, 236), (236, 226, 210)])
        if feminine:
            d.polygon(
                [(cx - 0.12 * W, 0.65 * H), (cx + 0.12 * W, 0.65 * H), (cx, 0.78 * H)],
                fill=_shade(skin, -0.08),
            )
        else:
            d.polygon(
                [(cx - 0.1 * W, 0.65 * H), (cx + 0.1 * W, 0.65 * H), (cx, 0.86 * H)], fill=shirt
            )
            if rng.random() < 0.7:
                tie = rng.choice(ACCENTS)
                d.polygon(
                    [
                        (cx - 0.02 * W, 0.71 * H),
                        (cx + 0.02 * W, 0.71 * H),
                        (cx + 0.03 * W, 0.86 * H),
                        (cx, 0.9 * H),
                        (cx - 0.03 * W, 0.86 * H),
                    ],
                    fill=tie,
                )
            d.polygon(
                [(cx - 0.1 * W, 0.68 * H), (cx - 0.02 * W, 0.9 * H), (cx - 0.16 * W, 0.74 * H)],
                fill=_shade(cloth, 0.12),
            )
            d.polygon(
                [(cx + 0.1 * W, 0.68 * H), (cx + 0.02 * W, 0.9 * H), (cx + 0.16 * W, 0.74 * H)],
                fill=_shade(cloth, -0.1),
            )

    c.plane(body, blur=0.8 * c.u)

    scarf = rng.choice([(60, 60, 100), (150, 70, 84), (40, 90, 90), (110, 70, 120), (70, 56, 50)])

    def hair_back(d):
        if hijab:
            d.ellipse(
                (cx - head_w * 0.68, hy - head_h * 0.72, cx + head_w * 0.68, hy + head_h * 0.72),
                fill=scarf,
            )
            d.polygon(
                [
                    (cx - head_w * 0.66, hy),
                    (cx + head_w * 0.66, hy),
                    (cx + 0.3 * W, 0.74 * H),
                    (cx - 0.3 * W, 0.74 * H),
                ],
                fill=scarf,
            )
            d.polygon(
                [
                    (cx + 0.02 * W, hy),
                    (cx + head_w * 0.66, hy),
                    (cx + 0.3 * W, 0.74 * H),
                    (cx + 0.1 * W, 0.74 * H),
                ],
                fill=_shade(scarf, -0.15),
            )
        elif not feminine:  # volume behind the hairline
            d.ellipse(
                (cx - head_w * 0.53, hy - head_h * 0.58, cx + head_w * 0.53, hy + head_h * 0.1),
                fill=hair,
            )
        else:
            d.rounded_rectangle(
                (
                    cx - head_w * 0.66,
                    hy - head_h * 0.62,
                    cx + head_w * 0.66,
                    hy + head_h * rng.uniform(0.6, 0.95),
                ),
                radius=int(head_w * 0.4),
                fill=hair,
            )

    c.plane(hair_back, blur=0.8 * c.u)

    def face(d):
        ew, eh = head_w / 2, head_h / 2
        d.ellipse(
            (cx - ew * 1.08, hy - eh * 0.1, cx - ew * 0.86, hy + eh * 0.3), fill=_shade(skin, -0.08)
        )  # ears
        d.ellipse(
            (cx + ew * 0.86, hy - eh * 0.1, cx + ew * 1.08, hy + eh * 0.3), fill=_shade(skin, -0.15)
        )
        d.ellipse((cx - ew, hy - eh, cx + ew, hy + eh), fill=skin)

    c.plane(face, blur=0.8 * c.u)
    # Soft form shading: the side away from the light, and under the chin.
    c.shadow(
        lambda d: d.ellipse(
            (cx + head_w * 0.1, hy - head_h * 0.45, cx + head_w * 0.75, hy + head_h * 0.6), fill=255
        ),
        22 * c.u,
        0.22,
        _shade(skin, -0.6),
    )
    c.shadow(
        lambda d: d.rectangle(
            (cx - 0.08 * W, hy + head_h * 0.5, cx + 0.08 * W, hy + head_h * 0.62), fill=255
        ),
        10 * c.u,
        0.3,
        _shade(skin, -0.6),
    )

    def features(d):
        ew, eh = head_w / 2, head_h / 2
        dark = _shade(hair, -0.2)
        eye_y = hy + eh * 0.02
        for sx in (-1, 1):
            ex = cx + sx * ew * 0.38
            d.ellipse(
                (ex - ew * 0.09, eye_y - eh * 0.05, ex + ew * 0.09, eye_y + eh * 0.06),
                fill=(40, 30, 30),
            )
            d.line(
                (
                    ex - ew * 0.17,
                    eye_y - eh * 0.2,
                    ex + ew * 0.15,
                    eye_y - eh * 0.23 - sx * eh * 0.01,
                ),
                fill=dark,
                width=int(6 * c.u),
            )
        d.line(
            (cx + ew * 0.02, hy, cx + ew * 0.1, hy + eh * 0.32, cx - ew * 0.05, hy + eh * 0.35),
            fill=_shade(skin, -0.25),
            width=int(4 * c.u),
        )
        lips = _mix(skin, (170, 70, 70), 0.35 if feminine else 0.15)
        d.chord((cx - ew * 0.26, hy + eh * 0.46, cx + ew * 0.26, hy + eh * 0.62), 0, 180, fill=lips)
        if not feminine and rng.random() < 0.45:  # a trimmed beard
            d.chord((cx - ew, hy - eh * 0.3, cx + ew, hy + eh * 1.05), 0, 180, fill=(*hair, 235))
            d.chord(
                (cx - ew * 0.3, hy + eh * 0.44, cx + ew * 0.3, hy + eh * 0.66), 0, 180, fill=lips
            )
        if rng.random() < 0.3:  # glasses
            frame = (30, 30, 34)
            for sx in (-1, 1):
                ex = cx + sx * ew * 0.38
                d.rounded_rectangle(
                    (ex - ew * 0.22, eye_y - eh * 0.14, ex + ew * 0.22, eye_y + eh * 0.16),
                    radius=int(ew * 0.08),
                    outline=frame,
                    width=int(4 * c.u),
                )
            d.line(
                (cx - ew * 0.16, eye_y - eh * 0.02, cx + ew * 0.16, eye_y - eh * 0.02),
                fill=frame,
                width=int(4 * c.u),
            )

    c.plane(features, blur=0.9 * c.u)

    def hair_front(d):
        ew, eh = head_w / 2, head_h / 2
        if hijab:
            # The scarf frames the face and falls over the shoulders.
            d.ellipse(
                (cx - ew * 1.12, hy - eh * 1.14, cx + ew * 1.12, hy + eh * 1.12),
                outline=_shade(scarf, 0.1),
                width=int(ew * 0.2),
            )
            d.chord(
                (cx - ew * 1.14, hy - eh * 1.16, cx + ew * 1.14, hy + eh * 0.4),
                180,
                360,
                fill=_shade(scarf, 0.1),
            )
            return
        style = rng.randrange(3)
        # The hairline follows the face's own outline (a chord of it).
        face_box = (cx - ew * 1.01, hy - eh * 1.02, cx + ew * 1.01, hy + eh)
        if style == 0 or feminine:  # full, with a side part
            d.chord(face_box, 212, 328, fill=hair)
            d.polygon(
                [
                    (cx - ew * 0.85, hy - eh * 0.5),
                    (cx + ew * 0.3, hy - eh * 0.98),
                    (cx - ew * 0.1, hy - eh * 0.62),
                ],
                fill=hair,
            )
        elif style == 1:  # short crop
            d.chord(face_box, 222, 318, fill=hair)
        else:  # receding, grey at the temples
            d.chord(face_box, 240, 300, fill=_mix(hair, (200, 200, 200), 0.45))

    c.plane(hair_front, blur=0.8 * c.u)


SCENES = {
    "parliament": scene_parliament,
    "podium": scene_podium,
    "port": scene_port,
    "market": scene_market,
    "stadium": scene_stadium,
    "datacentre": scene_datacentre,
    "desk": scene_desk,
    "rocket": scene_rocket,
    "theatre": scene_theatre,
    "arches": scene_arches,
    "globe": scene_globe,
    "street": scene_street,
}


def draw_picture(name: str, width: int, height: int, theme: str = "") -> Image.Image:
    """A picture for `name` (the same name always gives the same picture).
    `theme` is a scene (SCENES, "portrait", "portrait-f") or a section slug;
    a picture taller than wide is a portrait."""
    seed = int(hashlib.sha256(f"{name}|{theme}".encode()).hexdigest()[:16], 16)
    rng = random.Random(seed)
    c = Canvas(width, height, rng, rng.choice(("day", "golden", "golden", "dusk")))
    if theme.startswith("portrait") or height > width:
        scene_portrait(c, feminine=theme == "portrait-f")
        return c.finish()
    if theme not in SCENES:
        choices = SECTION_SCENES.get(theme) or list(SCENES)
        theme = choices[seed % len(choices)]
    SCENES[theme](c)
    return c.finish(light_from_left=rng.random() < 0.5)


def ensure_picture(path: Path, width: int, height: int, theme: str = "") -> None:
    """Draw the picture unless the file is already there in this style."""
    if path.exists():
        try:
            with Image.open(path) as existing:
                if existing.info.get("comment") == STYLE and existing.size == (width, height):
                    return
        except OSError:
            pass  # unreadable: draw it again
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = draw_picture(path.stem, width, height, theme)
    picture.save(path, "JPEG", quality=84, optimize=True, progressive=True, comment=STYLE)
