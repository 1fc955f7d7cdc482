from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from sahifa.distribution import social

pytestmark = pytest.mark.django_db


def test_raqm_shaping_is_available_and_used():
    assert features.check("raqm"), "Pillow without libraqm cannot shape Arabic"
    path = social.font(60).path
    word = "مرحبا بالعالم"
    shaped = ImageFont.truetype(path, 60, layout_engine=ImageFont.Layout.RAQM)
    basic = ImageFont.truetype(path, 60, layout_engine=ImageFont.Layout.BASIC)

    def draw(face, **kwargs):
        image = Image.new("L", (700, 120), 0)
        ImageDraw.Draw(image).text((10, 10), word, font=face, fill=255, **kwargs)
        return image

    # Joined, right-to-left glyphs differ from isolated left-to-right letters.
    assert ImageChops.difference(
        draw(shaped, direction="rtl", language="ar"), draw(basic)
    ).getbbox()
    assert social.font(60).layout_engine == ImageFont.Layout.RAQM


def test_render_card_size_and_text_placement(tmp_path):
    hero = tmp_path / "hero.jpg"
    Image.new("RGB", (1600, 900), (200, 200, 200)).save(hero)
    data = social.render_card("الحكومة تعلن خطة جديدة لدعم الشباب في سوق العمل", str(hero), "صحيفة")
    image = Image.open(BytesIO(data))
    assert image.format == "PNG" and image.size == (1200, 630)
    # White headline text sits in the lower part, right-aligned to the margin.
    pixels = image.convert("RGB").load()
    white_x = [
        x for x in range(0, 1200) for y in range(380, 600, 4) if pixels[x, y] == (255, 255, 255)
    ]
    assert white_x, "no headline text drawn"
    assert max(white_x) > 1200 - social.MARGIN - 20
    assert max(white_x) <= 1200 - social.MARGIN + 4


def test_long_headline_is_cut_not_overflowing():
    title = " ".join(["كلمة"] * 120)
    image = Image.open(BytesIO(social.render_card(title)))
    assert image.size == (1200, 630)


def test_card_generated_on_publish_and_served(
    client, make_article, make_image, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_article(title="عنوان يظهر على صورة المشاركة", hero=make_image(size=(1300, 800)))
    name = social.card_name(page)
    assert default_storage.exists(name)  # the task ran (immediate backend in tests)
    response = client.get(social.card_url(page))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert Image.open(BytesIO(body)).size == (1200, 630)
    # A stale version redirects to the current card.
    stale = client.get(f"/share/{page.pk}-000000000000.png")
    assert stale.status_code == 302 and stale["Location"] == social.card_url(page)
    # A new headline gives a new card and removes the old one.
    page.title = "عنوان جديد بعد التعديل"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert social.card_name(page) != name
    assert default_storage.exists(social.card_name(page))
    assert not default_storage.exists(name)


def test_no_card_for_drafts(client, make_article):
    draft = make_article(title="مسودة", publish=False)
    assert client.get(f"/share/{draft.pk}-{social.card_version(draft)}.png").status_code == 404


def test_without_arabic_font_the_hero_is_shared(client, make_article, make_image, settings):
    from bs4 import BeautifulSoup

    page = make_article(title="خبر بلا خط", hero=make_image(size=(1300, 800)))
    settings.SAHIFA_DISTRIBUTION_SHARE_FONTS = ["/nonexistent/font.ttf"]
    social.font.cache_clear()
    try:
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        url = soup.find("meta", property="og:image")["content"]
        assert "/share/" not in url and "/images/" in url
        assert client.get(social.card_url(page)).status_code == 404
    finally:
        social.font.cache_clear()
