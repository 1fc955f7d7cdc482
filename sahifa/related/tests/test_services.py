"""Related lists, pins and exclusions and rendering, on small sites built
in code. Publishing goes through Wagtail (signals → task → index)."""

import pytest

from sahifa.articles.models import ArticlePage
from sahifa.related import index, services
from sahifa.related.models import (
    ArticleVector,
    RelatedExclusion,
    RelatedLink,
    RelatedPin,
    RelatedSettings,
    TermStat,
)

from .conftest import paragraphs

pytestmark = pytest.mark.django_db


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
    assert index.update_article(first.pk) == []  # unchanged: no neighbour refresh
    after = list(RelatedLink.objects.filter(page_id=first.pk).values_list("related_id", flat=True))
    assert before == after


def test_shared_tags_lift_a_weak_text_match(published):
    a = published(
        "الحكومة تناقش موازنة العام المقبل",
        paragraphs("ناقش مجلس الوزراء مشروع موازنة العام المقبل وبنود الإنفاق."),
        tags=["الموازنة"],
    )
    b = published(
        "نواب يطالبون بخفض الإنفاق",
        paragraphs("طالب نواب في البرلمان بخفض الإنفاق الجاري وزيادة الاستثمار."),
        tags=["الموازنة"],
    )
    c = published(
        "نواب يطالبون بخفض الإنفاق على السفر",
        paragraphs("طالب نواب في البرلمان بخفض الإنفاق على السفر الرسمي."),
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
        paragraphs("أجرت Orbitra اختباراً لمحرك صاروخها القابل لإعادة الاستخدام.")
        + [("read_also", {"page": orbitra[3], "url": "", "title": ""})]
        + paragraphs("ويعود المعزز إلى منصة الهبوط بعد الإطلاق."),
    )
    html = client.get(page.url).content.decode()
    assert "read-also-auto" not in html
    assert html.count('class="read-also"') == 1


def test_related_articles_api_for_other_apps(orbitra):
    first = orbitra[0]
    stories = services.related_articles(first, limit=6)
    assert all(isinstance(story, ArticlePage) for story in stories)
    assert all(story.live for story in stories)
