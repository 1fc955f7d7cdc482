"""The public rule (live, not expired, not behind a view restriction on the
article or an ancestor) and restriction changes as lifecycle events: every
consumer drops a restricted article and takes it back when the restriction
goes. Runs on SQLite and on PostgreSQL (`make test`)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from sahifa.articles import lifecycle
from sahifa.articles.models import ArticlePage
from sahifa.audience import services as audience
from sahifa.audience.stores import reset_store
from sahifa.core import pagecache
from sahifa.listen.models import ArticleAudio
from sahifa.related.models import ArticleVector, RelatedLink
from sahifa.search.models import SearchEntry

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
SHARED = (
    "افتتحت البلدية حديقة النباتات النادرة بعد ترميم البيوت الزجاجية، "
    "وتعرض الحديقة أكثر من ألف نوع من النباتات النادرة للزوار."
)


def _body(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def restrict(page, kind=PageViewRestriction.PASSWORD):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="كلمة-سر" if kind == "password" else ""
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="المشتركون")[0])
    return restriction


def visible_both_ways(page) -> bool:
    """The queryset and the instance must agree on every page."""
    in_queryset = ArticlePage.objects.visible().filter(pk=page.pk).exists()
    on_instance = ArticlePage.objects.get(pk=page.pk).is_visible()
    assert in_queryset == on_instance, (in_queryset, on_instance)
    return in_queryset


# -- the rule -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
def test_a_restriction_on_the_article_or_its_section_hides_it(make_article, make_section, kind):
    culture = make_section("culture", "ثقافة")
    story = make_article(title="خبر في الثقافة", parent=culture)
    other = make_article(title="خبر في السياسة")
    assert visible_both_ways(story) and visible_both_ways(other)

    on_story = restrict(story, kind)
    assert not visible_both_ways(story)
    assert visible_both_ways(other)
    on_story.delete()
    assert visible_both_ways(story)

    restrict(culture, kind)
    assert not visible_both_ways(story)
    assert visible_both_ways(other)


def test_drafts_withdrawn_and_expired_articles_are_not_visible(make_article):
    draft = make_article(title="مسودة", publish=False)
    assert not visible_both_ways(draft)
    withdrawn = make_article(title="خبر سُحب")
    withdrawn.unpublish()
    assert not visible_both_ways(withdrawn)
    # Live until the scheduler runs, but past its expiry: not shown meanwhile.
    expiring = make_article(title="خبر انتهت صلاحيته")
    ArticlePage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    assert not visible_both_ways(expiring)
    ArticlePage.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() + timedelta(hours=1))
    assert visible_both_ways(expiring)


# -- restriction changes are lifecycle events --------------------------------------------


@pytest.fixture
def garden(make_article, make_section, commit, page_cache):
    culture = make_section("culture", "ثقافة")
    story = commit(
        lambda: make_article(
            title="حديقة النباتات النادرة تفتح أبوابها",
            parent=culture,
            body=_body(SHARED, "ويخصص البستانيون جولات يومية لشرح النباتات النادرة."),
            tags=["الحدائق"],
        )
    )
    neighbour = commit(
        lambda: make_article(
            title="البيوت الزجاجية في الحديقة بعد الترميم",
            body=_body(SHARED, "وتستقبل البيوت الزجاجية الطلاب في رحلات مدرسية."),
            tags=["الحدائق"],
        )
    )
    for reader in range(3):
        audience.record_hit(story.pk, "v", f"198.51.100.{reader}", UA)
    audience.flush()
    yield {"story": story, "neighbour": neighbour, "section": culture}
    reset_store(flush=False)


def traces(story, neighbour) -> dict[str, bool]:
    """Every place a restricted article must leave, stored or shown."""
    record = ArticleAudio.objects.filter(page_id=story.pk).first()
    return {
        "search entry": SearchEntry.objects.filter(pk=story.pk).exists(),
        "related vector": ArticleVector.objects.filter(page_id=story.pk).exists(),
        "listed as related": RelatedLink.objects.filter(
            page_id=neighbour.pk, related_id=story.pk
        ).exists(),
        "audio": record is not None and record.is_playable,
        "most read": story.pk in [pk for pk, _ in audience.most_read_scores()],
        "most read list": story.pk in [p.pk for p in audience.most_read()],
    }


def test_restricting_a_published_article_drops_it_everywhere_and_lifting_brings_it_back(
    garden, commit
):
    story, neighbour = garden["story"], garden["neighbour"]
    assert all(traces(story, neighbour).values()), traces(story, neighbour)
    audio = ArticleAudio.objects.get(page_id=story.pk)
    files = [audio.audio.name, audio.timings.name]
    reader = Client()
    assert reader.get(story.url)["X-Cache"] == "MISS"
    cached = reader.get(story.url)
    assert cached["X-Cache"] == "HIT" and "جولات يومية" in cached.content.decode()
    generation = pagecache.generation()

    restriction = commit(lambda: restrict(story))
    assert pagecache.generation() > generation
    assert not any(traces(story, neighbour).values()), traces(story, neighbour)
    assert not any(default_storage.exists(name) for name in files)
    for url in files:
        assert reader.get(f"/media/{url}").status_code == 404
    # The cached page is gone: anonymous readers get Wagtail's password form.
    after = reader.get(story.url)
    assert "X-Cache" not in after or after["X-Cache"] != "HIT"
    assert "جولات يومية" not in after.content.decode()
    assert "private" in after["Cache-Control"] or "no-cache" in after["Cache-Control"]

    commit(restriction.delete)
    assert all(traces(story, neighbour).values()), traces(story, neighbour)
    assert "جولات يومية" in reader.get(story.url).content.decode()


def test_restricting_a_section_drops_its_articles_and_nothing_else(garden, commit):
    story, neighbour = garden["story"], garden["neighbour"]
    restriction = commit(lambda: restrict(garden["section"], PageViewRestriction.LOGIN))
    assert not any(traces(story, neighbour).values()), traces(story, neighbour)
    assert SearchEntry.objects.filter(pk=neighbour.pk).exists()
    assert ArticleVector.objects.filter(page_id=neighbour.pk).exists()
    commit(restriction.delete)
    assert all(traces(story, neighbour).values()), traces(story, neighbour)


def test_moving_under_a_restricted_section_and_back(garden, commit, make_section):
    story, neighbour = garden["story"], garden["neighbour"]
    archive = make_section("archive", "أرشيف المشتركين")
    restrict(archive, PageViewRestriction.LOGIN)
    commit(lambda: story.move(archive, pos="last-child"))
    assert not any(traces(story, neighbour).values()), traces(story, neighbour)
    section = garden["section"]
    section.refresh_from_db()  # it has no child left: treebeard reads numchild
    commit(lambda: ArticlePage.objects.get(pk=story.pk).move(section, pos="last-child"))
    assert all(traces(story, neighbour).values()), traces(story, neighbour)


@pytest.mark.parametrize("target", ["article", "section"])
def test_every_consumer_hears_a_restriction_change(garden, commit, consumer_calls, target):
    story = garden["story"]
    calls = consumer_calls
    page = story if target == "article" else garden["section"]
    restriction = commit(lambda: restrict(page))
    names = {name for name, page_id in calls if page_id == story.pk}
    assert names == {c.name for c in lifecycle.consumers()}
    assert garden["neighbour"].pk not in {page_id for _, page_id in calls}
    calls.clear()
    commit(restriction.delete)
    assert {name for name, page_id in calls if page_id == story.pk} == names
