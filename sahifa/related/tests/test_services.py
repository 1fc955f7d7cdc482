"""Related lists, pins and exclusions, suggestions and rendering, on small
sites built in code. Publishing goes through Wagtail (signals → task)."""

import pytest
from taggit.models import Tag

from sahifa.articles.models import ArticlePage
from sahifa.related import engine, services
from sahifa.related.models import ArticleVector, RelatedLink, RelatedSettings, TermStat

pytestmark = pytest.mark.django_db


def _body(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


ORBITRA = [
    (
        "Orbitra تطلق صاروخها الجديد القابل لإعادة الاستخدام من قاعدة الإطلاق الساحلية",
        _body(
            "أطلقت شركة Orbitra صاروخها الجديد القابل لإعادة الاستخدام من قاعدة الإطلاق الساحلية.",
            "وعاد المعزز الأول إلى منصة الهبوط بعد ثماني دقائق من الإطلاق.",
            "وقال مهندسو الشركة إن الصاروخ سيحمل أقماراً صناعية تجارية العام المقبل.",
            "ويأمل مؤسس الشركة رامي الخطيب أن يخفض الصاروخ كلفة الإطلاق إلى النصف.",
        ),
    ),
    (
        "هبوط ناجح لمعزز صاروخ Orbitra على منصة بحرية بعد الإطلاق",
        _body(
            "نجحت Orbitra في إعادة معزز صاروخها إلى منصة هبوط بحرية للمرة الأولى.",
            "ويعد الهبوط خطوة نحو صاروخ قابل لإعادة الاستخدام بالكامل يخفض كلفة الإطلاق.",
        ),
    ),
    (
        "Orbitra توقع عقداً لإطلاق أقمار صناعية بصاروخها القابل لإعادة الاستخدام",
        _body(
            "وقعت Orbitra عقداً لإطلاق ستة أقمار صناعية على صاروخها القابل لإعادة الاستخدام.",
            "وتقول الشركة إن المعزز سيعود إلى منصة الهبوط بعد كل إطلاق.",
        ),
    ),
]
UNRELATED = (
    "موجة حر متأخرة ترفع درجات الحرارة والأرصاد تتوقع انفراجاً",
    _body(
        "ارتفعت درجات الحرارة إلى 41 درجة في معظم المدن مع موجة حر متأخرة.",
        "وتوقعت الأرصاد الجوية انخفاض الحرارة مع نهاية الأسبوع وهطول أمطار خفيفة.",
    ),
)


@pytest.fixture
def published(make_article, django_capture_on_commit_callbacks):
    """Publish articles the way editors do; background tasks run on commit."""

    def _publish(title, body, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(title=title, body=body, **kwargs)

    return _publish


@pytest.fixture
def orbitra(published):
    pages = [published(title, body) for title, body in ORBITRA]
    pages.append(published(*UNRELATED))
    return pages


def test_publish_computes_and_stores_related(orbitra):
    first, second, third, weather = orbitra
    # The first story was published before the others existed: it learnt
    # about them because a strongly related story refreshes its neighbours.
    listed = [p.pk for p in services.related_articles(first)]
    assert set(listed) == {second.pk, third.pk}
    assert weather.pk not in [p.pk for p in services.related_articles(second)]
    assert services.related_articles(weather) == []
    assert ArticleVector.objects.count() == 4
    assert TermStat.objects.get(term="orbitra").df == 3


def test_pins_come_first_and_exclusions_never_show(orbitra, published):
    from sahifa.related.models import RelatedExclusion, RelatedPin

    first, second, third, weather = orbitra
    first.related_pins.add(RelatedPin(target=weather))
    first.related_exclusions.add(RelatedExclusion(target=second))
    first.save()
    listed = services.related_articles(first, limit=6)
    assert listed[0].pk == weather.pk
    assert second.pk not in [p.pk for p in listed]
    assert third.pk in [p.pk for p in listed]
    assert len(services.related_articles(first, limit=1)) == 1


def test_unpublished_story_leaves_every_list(orbitra, django_capture_on_commit_callbacks):
    first, second, third, _ = orbitra
    with django_capture_on_commit_callbacks(execute=True):
        second.unpublish()
    assert not RelatedLink.objects.filter(related_id=second.pk).exists()
    assert not ArticleVector.objects.filter(page_id=second.pk).exists()
    assert TermStat.objects.get(term="orbitra").df == 2
    assert [p.pk for p in services.related_articles(first)] == [third.pk]


def test_republishing_unchanged_text_keeps_the_list(orbitra):
    first = orbitra[0]
    before = list(RelatedLink.objects.filter(page_id=first.pk).values_list("related_id", flat=True))
    assert services.update_article(first.pk) == []  # unchanged: no neighbour refresh
    after = list(RelatedLink.objects.filter(page_id=first.pk).values_list("related_id", flat=True))
    assert before == after


def test_shared_tags_lift_a_weak_text_match(published):
    a = published(
        "الحكومة تناقش موازنة العام المقبل",
        _body("ناقش مجلس الوزراء مشروع موازنة العام المقبل وبنود الإنفاق."),
        tags=["الموازنة"],
    )
    b = published(
        "نواب يطالبون بخفض الإنفاق",
        _body("طالب نواب في البرلمان بخفض الإنفاق الجاري وزيادة الاستثمار."),
        tags=["الموازنة"],
    )
    c = published(
        "نواب يطالبون بخفض الإنفاق على السفر",
        _body("طالب نواب في البرلمان بخفض الإنفاق على السفر الرسمي."),
    )
    listed = [p.pk for p in services.related_articles(a)]
    assert listed.index(b.pk) < listed.index(c.pk) if c.pk in listed else b.pk in listed


def test_related_block_on_the_article_page(orbitra, client):
    first, second, third, weather = orbitra
    html = client.get(first.url).content.decode()
    block = html[html.index('id="related-heading"') : html.index('id="section-latest-heading"')]
    assert "أخبار ذات صلة" in block
    assert f'href="{second.url}"' in block and f'href="{third.url}"' in block
    assert f'href="{weather.url}"' not in block
    # After the article, before «آخر الأخبار في القسم».
    assert html.index("</article>") < html.index('id="related-heading"')
    assert html.index('id="related-heading"') < html.index('id="section-latest-heading"')


def test_no_block_when_nothing_is_related(orbitra, client):
    html = client.get(orbitra[3].url).content.decode()
    assert 'id="related-heading"' not in html


def test_automatic_read_also_after_paragraph_n(orbitra, client, home):
    first, second, _, _ = orbitra
    html = client.get(first.url).content.decode()
    assert "read-also-auto" not in html  # off by default
    conf = RelatedSettings.for_site(home.get_site())
    conf.auto_read_also = True
    conf.auto_read_also_after = 2
    conf.save()
    html = client.get(first.url).content.decode()
    html = html[html.index('class="article-body"') :]
    auto = html.index("read-also-auto")
    paragraphs = [html.index(text) for text in ("وعاد المعزز الأول", "وقال مهندسو الشركة")]
    assert paragraphs[0] < auto < paragraphs[1]
    target = services.related_articles(first, limit=1)[0]
    assert f'href="{target.url}"' in html[auto : auto + 1500]
    # Not in an article shorter than N paragraphs …
    conf.auto_read_also_after = 9
    conf.save()
    assert "read-also-auto" not in client.get(first.url).content.decode()


def test_no_automatic_read_also_when_the_body_has_one(published, orbitra, home, client):
    conf = RelatedSettings.for_site(home.get_site())
    conf.auto_read_also, conf.auto_read_also_after = True, 1
    conf.save()
    page = published(
        "Orbitra تختبر محرك صاروخها القابل لإعادة الاستخدام",
        _body("أجرت Orbitra اختباراً لمحرك صاروخها القابل لإعادة الاستخدام.")
        + [("read_also", {"page": orbitra[3], "url": "", "title": ""})]
        + _body("ويعود المعزز إلى منصة الهبوط بعد الإطلاق."),
    )
    html = client.get(page.url).content.decode()
    assert "read-also-auto" not in html
    assert html.count('class="read-also"') == 1


def test_read_also_suggestions_skip_what_the_body_links(orbitra, make_article):
    first, second, third, weather = orbitra
    draft = make_article(
        title="Orbitra تستعد لإطلاق صاروخها القابل لإعادة الاستخدام",
        body=_body("تستعد Orbitra لإطلاق صاروخها وإعادة المعزز إلى منصة الهبوط.")
        + [("read_also", {"page": second, "url": "", "title": ""})],
        publish=False,
    )
    suggested = [page.pk for page, _ in services.suggest_read_also(draft)]
    assert first.pk in suggested and third.pk in suggested
    assert second.pk not in suggested
    assert weather.pk not in suggested


def test_tag_suggestions_match_arabic_variants(make_article):
    names = [
        "رامي الخطيب",
        "الانتخابات",
        "مجلس النواب",
        "Orbitra",
        "وزارة الصحة",
        "الإمارات",
        "مصر",
        "الذكاء الاصطناعي",
    ]
    for name in names:
        Tag.objects.create(name=name, slug=f"t-{len(name)}-{Tag.objects.count()}")
    page = make_article(
        title="لقاء لرامي الخطيب مع نواب",
        dek="حديث عن تمويل الحملات وبالانتخابات المقبلة",
        body=_body(
            "وقال أعضاء في مجلسِ النُّوّاب إن وزاره الصحه ستشارك.",  # diacritics, ه for ة
            "وأعلنت شركة بـOrbitra عن شراكة مع الامارات.",  # tatweel clitic, bare alef
            "وتحدث عن مصرف جديد.",  # «مصرف» is not «مصر»
        ),
        tags=["الذكاء الاصطناعي"],  # already on the article: not suggested again
        publish=False,
    )
    suggested = [tag.name for tag in services.suggest_tags(page)]
    assert suggested[:2] == ["رامي الخطيب", "الانتخابات"]  # headline and dek count more
    assert set(suggested) == {
        "رامي الخطيب",
        "الانتخابات",
        "مجلس النواب",
        "Orbitra",
        "وزارة الصحة",
        "الإمارات",
    }


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
    index = services.tag_matcher([(1, tag)])
    assert services.find_tags(text, index)[1] == 1


def test_rebuild_reproduces_the_lists(orbitra):
    first, second, third, weather = orbitra
    RelatedLink.objects.all().delete()
    ArticleVector.objects.all().delete()
    timings = services.rebuild(workers=2, log=lambda *a: None)
    assert timings["articles"] == 4
    assert {p.pk for p in services.related_articles(first)} == {second.pk, third.pk}
    assert services.related_articles(weather) == []
    assert ArticleVector.objects.count() == 4
    # The stored index keeps working incrementally after a rebuild.
    assert services.update_article(second.pk) == []


def test_large_archive_path_finds_the_same_stories(orbitra, monkeypatch):
    """Past EXHAUSTIVE articles, candidates come from the keyword postings,
    only the heaviest POSTINGS_PER_TERM of each term: in the database (one
    article) and in memory (the rebuild)."""
    first, second, third, weather = orbitra
    full = services.rank_for(services.build_vector(first))
    monkeypatch.setattr(engine, "EXHAUSTIVE", 0)
    monkeypatch.setattr(engine, "POSTINGS_PER_TERM", 2)
    assert services.rank_for(services.build_vector(first)) == full
    index = services.build_index(services.live_documents(), workers=1)
    assert index.related(first.pk) == index.related(first.pk, exhaustive=True)
    assert {key for key, _ in index.related(first.pk)} == {second.pk, third.pk}
    assert index.related(weather.pk) == []


def test_related_articles_api_for_other_apps(orbitra):
    first = orbitra[0]
    stories = services.related_articles(first, limit=6)
    assert all(isinstance(story, ArticlePage) for story in stories)
    assert all(story.live for story in stories)
