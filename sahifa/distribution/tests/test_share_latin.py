"""Share images draw Latin words, digits and punctuation with the Latin font
(no .notdef boxes) and lay the line out as a browser's bidi algorithm does."""

import glob
import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from sahifa.distribution import social

DEMO = Path(__file__).resolve().parents[2] / "demo" / "content"


def demo_headlines_with_latin() -> list[str]:
    headlines = []
    for path in sorted(glob.glob(str(DEMO / "*.json"))):
        for item in json.loads(Path(path).read_text()):
            headlines.append(item["headlines"][0]["value"])
    return [h for h in headlines if re.search(r"[A-Za-z\u00c0-\u024f]", h)]


def test_every_demo_headline_with_latin_is_fully_covered():
    headlines = demo_headlines_with_latin()
    assert len(headlines) >= 11
    arabic_path = social.font(56).path
    for headline in headlines:
        # The Arabic font alone would draw boxes (the bug) ...
        assert any(not social.has_glyph(arabic_path, ch) for ch in headline if ch.isascii()), (
            headline
        )
        # ... the card's fonts together draw every character.
        assert social.missing_glyphs(headline, 56) == set(), headline


def test_has_glyph_detects_notdef_boxes():
    arabic = social.font(40).path
    latin = social.latin_font(40).path
    assert social.has_glyph(arabic, "ع") and not social.has_glyph(arabic, "A")
    assert social.has_glyph(latin, "A") and social.has_glyph(latin, "É")
    assert not social.has_glyph(latin, "\ue001")


def _ink(image: Image.Image) -> Image.Image:
    return image.convert("L").point(lambda v: 255 if v > 200 else 0)


def test_latin_word_drawn_as_with_the_latin_font():
    """The Latin run on the card is pixel for pixel the word set in the
    Latin font, not boxes."""
    size = 56
    line = "فوز Étoile"
    canvas = Image.new("RGB", (900, 120), (0, 0, 0))
    social.draw_line(ImageDraw.Draw(canvas), 880, 90, line, size)
    pieces = social.segments(line, size)
    assert [(p.text, p.rtl) for p in pieces] == [("فوز ", True), ("Étoile", False)]
    latin = pieces[1]
    width = latin.width()
    x_left = 880 - pieces[0].width() - width
    expected = Image.new("RGB", (900, 120), (0, 0, 0))
    ImageDraw.Draw(expected).text(
        (x_left, 90), "Étoile", font=latin.face, fill="white", anchor="ls", direction="ltr"
    )
    box = (int(x_left) - 2, 0, int(x_left + width) + 2, 120)
    assert not ImageChops.difference(_ink(canvas.crop(box)), _ink(expected.crop(box))).getbbox()
    # And the same word with the Arabic font alone is something else: boxes.
    boxes = Image.new("RGB", (900, 120), (0, 0, 0))
    ImageDraw.Draw(boxes).text(
        (x_left, 90), "Étoile", font=social.font(size), fill="white", anchor="ls"
    )
    assert ImageChops.difference(_ink(canvas.crop(box)), _ink(boxes.crop(box))).getbbox()


@pytest.mark.parametrize(
    "line, expected",
    [
        # Latin names run left to right inside the right-to-left line.
        ("على حساب Étoile de Dakar", [("على حساب ", True), ("Étoile de Dakar", False)]),
        ("شركة Ørsted وŁódź", [("شركة ", True), ("Ørsted", False), (" و", True), ("Łódź", False)]),
        # Digits after Latin belong to it (W7); after Arabic they are a number.
        (
            "إطلاق GPT-5 في 2026",
            [("إطلاق ", True), ("GPT-5", False), (" في ", True), ("2026", False)],
        ),
        # 3.5 stays one number (W4), a % after Arabic digits is neutral.
        ("نسبة 3.5%", [("نسبة ", True), ("3.5", False), ("%", True)]),
        # A hyphen between Arabic-context numbers does not join them (as browsers show «1-3»).
        ("بنتيجة 3-1", [("بنتيجة ", True), ("3", False), ("-", True), ("1", False)]),
    ],
)
def test_bidi_runs(line, expected):
    pieces = social.segments(line, 40)
    merged: list[tuple[str, bool]] = []
    for piece in pieces:  # pieces of one run may differ in font only
        if merged and merged[-1][1] == piece.rtl:
            merged[-1] = (merged[-1][0] + piece.text, piece.rtl)
        else:
            merged.append((piece.text, piece.rtl))
    assert merged == expected
    for piece in pieces:
        assert not piece.rtl or all(ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for ch in piece.text)


def test_card_of_demo_headline_renders(tmp_path):
    headline = "الوحدة يبلغ نصف نهائي كأس الكونفدرالية الأفريقية على حساب Étoile de Dakar"
    image = Image.open(BytesIO(social.render_card(headline, None, "صحيفة")))
    assert image.size == (1200, 630)


pytestmark = pytest.mark.django_db
