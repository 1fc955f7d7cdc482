"""Editor suggestions: «اقرأ أيضاً» candidates from the draft and existing
tags found in the text, whatever the Arabic spelling."""

import pytest
from taggit.models import Tag

from sahifa.related import suggest

from .conftest import paragraphs

pytestmark = pytest.mark.django_db


def test_read_also_suggestions_skip_what_the_body_links(orbitra, make_article):
    first, second, third, weather = orbitra
    draft = make_article(
        title="Orbitra تستعد لإطلاق صاروخها القابل لإعادة الاستخدام",
        body=paragraphs("تستعد Orbitra لإطلاق صاروخها وإعادة المعزز إلى منصة الهبوط.")
        + [("read_also", {"page": second, "url": "", "title": ""})],
        publish=False,
    )
    suggested = [page.pk for page, _ in suggest.suggest_read_also(draft)]
    assert first.pk in suggested and third.pk in suggested
    assert second.pk not in suggested
    assert weather.pk not in suggested


def test_tag_suggestions_match_arabic_variants(make_article):
    found = ["رامي الخطيب", "الانتخابات", "مجلس النواب", "Orbitra", "وزارة الصحة", "الإمارات"]
    for name in [*found, "مصر", "الذكاء الاصطناعي"]:
        Tag.objects.create(name=name, slug=f"t-{len(name)}-{Tag.objects.count()}")
    page = make_article(
        title="لقاء لرامي الخطيب مع نواب",
        dek="حديث عن تمويل الحملات وبالانتخابات المقبلة",
        body=paragraphs(
            "وقال أعضاء في مجلسِ النُّوّاب إن وزاره الصحه ستشارك.",  # diacritics, ه for ة
            "وأعلنت شركة بـOrbitra عن شراكة مع الامارات.",  # tatweel clitic, bare alef
            "وتحدث عن مصرف جديد.",  # «مصرف» is not «مصر»
        ),
        tags=["الذكاء الاصطناعي"],  # already on the article: not suggested again
        publish=False,
    )
    suggested = [tag.name for tag in suggest.suggest_tags(page)]
    assert suggested[:2] == ["رامي الخطيب", "الانتخابات"]  # headline and dek count more
    assert set(suggested) == set(found)


@pytest.mark.parametrize(
    ("tag", "text"),
    [
        ("الانتخابات", "وللانتخابات"),
        ("الانتخابات", "فالانتخابات"),
        ("الانتخابات", "كالانتخابات"),
        ("مدينة الوادي", "بمدينةِ الوادي"),
        ("أحمد", "لإحمد"),  # hamza forms of the alef fold together
        ("القاهرة", "بالقاهره"),
    ],
)
def test_tag_variants(tag, text):
    index = suggest.tag_matcher([(1, tag)])
    assert suggest.find_tags(text, index)[1] == 1
