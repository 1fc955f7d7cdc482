"""One lifecycle: every consumer handles every event, and after a move, an
unpublish, a republish and a delete nothing stale is left anywhere a reader
can see the article. Runs on SQLite and on PostgreSQL (`make test`)."""

import pytest
from django.test import Client

from sahifa.articles import lifecycle
from sahifa.articles.models import ArticlePage
from sahifa.audience import services as audience
from sahifa.audience.stores import reset_store
from sahifa.listen.models import ArticleAudio
from sahifa.related.models import ArticleVector, RelatedLink, RelatedTerm, TermStat
from sahifa.related.services import related_articles
from sahifa.search.models import SearchEntry

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
WORD = "الفسيفساء"  # in the story's headline only: what a reader would search for


def _body(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


@pytest.fixture
def newsroom(make_article, make_section, section, commit):
    economy = make_section("economy", "اقتصاد")
    shared = (
        "رمم الحرفيون لوحات الفسيفساء في المتحف الوطني بعد عامين من العمل، "
        "واستعادت اللوحات ألوانها الأولى بفضل تقنيات الترميم الحديثة."
    )
    story = commit(
        lambda: make_article(
            title=f"ترميم لوحات {WORD} في المتحف الوطني",
            body=_body(shared, "ويفتح المتحف قاعة الفسيفساء للزوار مطلع الشهر المقبل."),
            tags=["المتاحف"],
        )
    )
    neighbour = commit(
        lambda: make_article(
            title="المتحف الوطني يستعد لاستقبال الزوار بعد الترميم",
            body=[
                *_body(shared, "ويعرض المتحف لوحات الترميم في قاعة جديدة."),
                ("read_also", {"page": story, "url": "", "title": ""}),
            ],
            tags=["المتاحف"],
        )
    )
    for reader in range(3):
        audience.record_hit(story.pk, "v", f"198.51.100.{reader}", UA)
    audience.flush()
    yield {"story": story, "neighbour": neighbour, "politics": section, "economy": economy}
    # The store is per process: closing it later (with a flush that resets
    # connections) must not happen inside another test's transaction.
    reset_store(flush=False)


def sightings(story_id: int, url: str, newsroom) -> dict[str, bool]:
    """Where a reader can see the story (by its current or former URL)."""
    client = Client()
    neighbour = newsroom["neighbour"]

    def shows(path, needle=None) -> bool:
        response = client.get(path)
        return response.status_code == 200 and (needle or url) in response.content.decode()

    neighbour_page = client.get(neighbour.url).content.decode()
    return {
        "article URL": client.get(url).status_code == 200,
        "home": shows("/"),
        "politics section": shows(newsroom["politics"].url),
        "economy section": shows(newsroom["economy"].url),
        "search": shows(f"/search/?q={WORD}"),
        "search API": shows(f"/api/v2/search/?q={WORD}"),
        "related of another article": url
        in [p.url for p in related_articles(ArticlePage.objects.get(pk=neighbour.pk))],
        "related block on its page": f'href="{url}"' in neighbour_page.split("أخبار ذات صلة")[-1],
        "read-also link": f'<a href="{url}">' in neighbour_page.split("أخبار ذات صلة")[0],
        "most read": shows("/audience/blocks/"),
        "RSS feed": shows("/feed/"),
        "news sitemap": shows("/sitemap-news.xml"),
        "API list": shows("/api/v2/articles/"),
        "podcast feed": shows("/listen/podcast.xml"),
    }


def stored_traces(story_id: int) -> dict[str, bool]:
    return {
        "search entry": SearchEntry.objects.filter(pk=story_id).exists(),
        "related vector": ArticleVector.objects.filter(page_id=story_id).exists(),
        "related postings": RelatedTerm.objects.filter(page_id=story_id).exists(),
        "listed as related": RelatedLink.objects.filter(related_id=story_id).exists(),
        "audio": ArticleAudio.objects.filter(page_id=story_id).exists(),
    }


def test_nothing_stale_after_move_unpublish_republish_delete(newsroom, commit):
    story = newsroom["story"]
    old_url = story.url
    before = sightings(story.pk, old_url, newsroom)
    assert {k: v for k, v in before.items() if k != "economy section"} == dict.fromkeys(
        before.keys() - {"economy section"}, True
    ), before
    assert all(stored_traces(story.pk).values())

    # Moved to another section: new URL everywhere, the old one nowhere.
    commit(lambda: story.move(newsroom["economy"], pos="last-child"))
    story = ArticlePage.objects.get(pk=story.pk)
    new_url = story.url
    assert new_url != old_url
    seen = sightings(story.pk, new_url, newsroom)
    assert seen.pop("politics section") is False
    assert all(seen.values()), seen
    stale = sightings(story.pk, old_url, newsroom)
    assert [k for k, v in stale.items() if v and k != "article URL"] == [], stale
    assert SearchEntry.objects.get(pk=story.pk).section_id == newsroom["economy"].pk
    assert ArticleVector.objects.get(page_id=story.pk).section_id == newsroom["economy"].pk

    # Unpublished: gone from every place, its stored traces dropped.
    df_before = dict(TermStat.objects.values_list("term", "df"))
    commit(story.unpublish)
    gone = sightings(story.pk, new_url, newsroom)
    assert not any(gone.values()), gone
    assert not any(stored_traces(story.pk).values()), stored_traces(story.pk)
    df_after = dict(TermStat.objects.values_list("term", "df"))
    assert any(df_after.get(term, 0) < df for term, df in df_before.items())

    # Republished: back everywhere.
    commit(lambda: story.get_latest_revision().publish())
    back = sightings(story.pk, new_url, newsroom)
    assert back.pop("politics section") is False
    assert all(back.values()), back
    assert all(stored_traces(story.pk).values())

    # Deleted: nothing left, neither shown nor stored.
    story_id = story.pk
    df_before = dict(TermStat.objects.values_list("term", "df"))
    commit(lambda: ArticlePage.objects.get(pk=story_id).delete())
    df_after = dict(TermStat.objects.values_list("term", "df"))
    assert any(df_after.get(term, 0) < df for term, df in df_before.items())
    deleted = sightings(story_id, new_url, newsroom)
    assert not any(deleted.values()), deleted
    assert not any(stored_traces(story_id).values()), stored_traces(story_id)


@pytest.mark.parametrize("event", ["publish", "move", "unpublish", "delete"])
def test_every_consumer_handles_every_event(newsroom, commit, consumer_calls, event):
    story = newsroom["story"]
    calls = consumer_calls
    actions = {
        "publish": lambda: story.get_latest_revision().publish(),
        "move": lambda: story.move(newsroom["economy"], pos="last-child"),
        "unpublish": story.unpublish,
        "delete": story.delete,
    }
    commit(actions[event])
    names = {name for name, page_id in calls if page_id == story.pk}
    expected = {
        "search",
        "related",
        "listen",
        "distribution",
        "audience",
        "pagecache",
        "renditions",
    }
    assert expected <= {c.name for c in lifecycle.consumers()}
    assert names == {c.name for c in lifecycle.consumers()}


def test_rendering_change_refreshes_cached_pages(newsroom, commit, settings):
    from sahifa.authors.models import Author
    from sahifa.core import pagecache

    generation = pagecache.generation()
    commit(lambda: Author.objects.create(name="كاتبة جديدة", slug="new-writer"))
    assert pagecache.generation() > generation
