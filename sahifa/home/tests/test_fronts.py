"""Editorial fronts: pins in zones, automatic fill, visibility, expiry with
the page cache on, the admin, and bounded queries (sahifa.sections.fronts)."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sahifa.articles.models import ArticlePage
from sahifa.articles.renditions import ensure_article
from sahifa.home.front import front_page
from sahifa.home.models import HomePage, HomePin
from sahifa.home.pins import expire_pins
from sahifa.newsroom.services import EDITORS
from sahifa.sections.models import SectionPage, SectionPin

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rankings_stay_warm")]


@pytest.fixture
def stories(make_article, make_section, section):
    """Ten politics stories (0 oldest), three economy, two opinion pieces."""
    economy = make_section("economy", "اقتصاد")
    opinion = make_section("opinion", "رأي")
    SectionPage.objects.filter(pk=opinion.pk).update(opinion=True)
    made = {"politics": [], "economy": [], "opinion": []}
    for i in range(10):
        made["politics"].append(make_article(title=f"سياسة {i}"))
    for i in range(3):
        made["economy"].append(make_article(title=f"اقتصاد {i}", parent=economy))
    for i in range(2):
        made["opinion"].append(make_article(title=f"مقال رأي {i}", parent=opinion))
    made["sections"] = {"politics": section, "economy": economy, "opinion": opinion}
    return made


def zone_titles(soup, selector):
    return [a.get_text(strip=True) for a in soup.select(f"{selector} .story-title a")]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def publish_pins(commit, page, *pins):
    """What the admin does: the pins go into a revision, then it is published."""
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.front_pins.clear()
    for index, pin in enumerate(pins):
        pin.sort_order = index
        page.front_pins.add(pin)
    commit(lambda: page.save_revision().publish())
    return page


def test_auto_fill_places_every_story_once(client, home, stories):
    front = front_page(HomePage.objects.get(pk=home.pk))
    # Opinion pieces fill the opinion zone, never the lead or secondary.
    assert front["lead"].title == "اقتصاد 2"
    assert [s.title for s in front["secondary"]] == ["اقتصاد 1", "اقتصاد 0", "سياسة 9", "سياسة 8"]
    assert [s.title for s in front["opinion"]] == ["مقال رأي 1", "مقال رأي 0"]
    strips = {b["section"].slug: [s.title for s in b["stories"]] for b in front["sections"]}
    assert strips == {"politics": ["سياسة 7", "سياسة 6", "سياسة 5", "سياسة 4"]}
    assert [s.title for s in front["latest"]] == ["سياسة 3", "سياسة 2", "سياسة 1", "سياسة 0"]
    _, soup = read(client, home.url)
    titles = [a.get_text(strip=True) for a in soup.select(".story-title a, .latest li a")]
    assert len(titles) == len(set(titles)) == 15


def test_only_the_lead_is_a_large_card(client, home, stories, make_image):
    """Secondary and strip cards take the small renditions: the lead's large
    ones in every card made the home page weigh 1.5 MB on a desktop."""
    ArticlePage.objects.update(hero_image=make_image())
    for page in ArticlePage.objects.all():
        ensure_article(page)
    _, soup = read(client, home.url)
    cards = soup.select(".story-card")
    leads = soup.select(".story-card.story-lead")
    assert len(leads) == 1 and leads[0].select_one(".story-title a").get_text() == "اقتصاد 2"
    small = [c for c in cards if c.select_one("img") and "fill-320x180" in c.img["src"]]
    assert len(small) == len([c for c in cards if c.select_one("img")]) - 1 >= 8


def test_pin_shows_in_its_zone_and_position_after_publish_with_cache(
    client, home, stories, page_cache, commit
):
    politics = stories["politics"]
    _, soup = read(client, home.url)
    assert client.get(home.url)["X-Cache"] == "HIT"
    assert zone_titles(soup, ".zone-lead") == ["اقتصاد 2"]

    # A draft with pins changes nothing for readers…
    draft = HomePage.objects.get(pk=home.pk)
    draft.front_pins.add(HomePin(article=politics[0], zone="lead", position=1))
    commit(draft.save_revision)
    response, soup = read(client, home.url)
    assert response["X-Cache"] == "HIT" and zone_titles(soup, ".zone-lead") == ["اقتصاد 2"]

    # …publishing it does, on the next request, cached or not.
    publish_pins(
        commit,
        home,
        HomePin(article=politics[0], zone="lead", position=1),
        HomePin(article=politics[1], zone="secondary", position=2),
        HomePin(article=politics[2], zone="strip", position=1),
    )
    response, soup = read(client, home.url)
    assert response["X-Cache"] != "HIT"
    assert zone_titles(soup, ".zone-lead") == ["سياسة 0"]
    secondary = zone_titles(soup, ".zone-secondary")
    assert secondary[1] == "سياسة 1" and len(secondary) == 4
    # The displaced newest story moves down to the next free place.
    assert secondary[0] == "اقتصاد 2"
    strip = zone_titles(soup, ".home-section")
    assert strip[0] == "سياسة 2"
    assert client.get(home.url)["X-Cache"] == "HIT"


def test_expired_pin_drops_off_cached_front(client, home, stories, page_cache, commit):
    old = stories["politics"][0]
    soon = timezone.now() + timedelta(minutes=5)
    publish_pins(commit, home, HomePin(article=old, zone="lead", expires_at=soon))
    expire_pins()  # the scheduler's first run records its clock
    _, soup = read(client, home.url)
    assert zone_titles(soup, ".zone-lead") == ["سياسة 0"]
    assert client.get(home.url)["X-Cache"] == "HIT"

    # Time passes: the pin has run out. Until the scheduler runs, a fresh
    # render already leaves it out; the scheduler drops the cached page.
    later = soon + timedelta(seconds=30)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: later)
        assert commit(lambda: expire_pins(later)) == 1
        response, soup = read(client, home.url)
    assert response["X-Cache"] != "HIT"
    assert zone_titles(soup, ".zone-lead") == ["اقتصاد 2"]
    # Nothing else expired since: the next run refreshes nothing.
    assert expire_pins(later + timedelta(minutes=1)) == 0


def test_pinned_story_that_is_not_public_never_appears(client, home, stories, commit):
    hidden, withdrawn = stories["politics"][0], stories["politics"][1]
    publish_pins(
        commit,
        home,
        HomePin(article=hidden, zone="lead"),
        HomePin(article=withdrawn, zone="secondary"),
    )
    commit(
        lambda: PageViewRestriction.objects.create(
            page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="سر"
        )
    )
    commit(lambda: withdrawn.unpublish())
    _, soup = read(client, home.url)
    text = soup.get_text()
    assert "سياسة 0" not in text and "سياسة 1" not in text
    # Their places are filled automatically.
    assert zone_titles(soup, ".zone-lead") == ["اقتصاد 2"]
    assert len(zone_titles(soup, ".zone-secondary")) == 4


def test_section_front_pins_and_archive(client, stories, commit, settings):
    settings.SAHIFA_PAGE_SIZE = 6
    politics = stories["sections"]["politics"]
    publish_pins(
        commit,
        politics,
        SectionPin(article=stories["politics"][0], zone="lead"),
        # An expired pin is ignored even before the scheduler runs.
        SectionPin(
            article=stories["politics"][1],
            zone="secondary",
            expires_at=timezone.now() - timedelta(minutes=1),
        ),
    )
    _, soup = read(client, politics.url)
    assert zone_titles(soup, ".zone-lead") == ["سياسة 0"]
    assert zone_titles(soup, ".zone-secondary") == ["سياسة 9", "سياسة 8", "سياسة 7", "سياسة 6"]
    assert zone_titles(soup, ".zone-latest") == ["سياسة 5"]
    # Opinion comes from the opinion sections, on section fronts too.
    assert zone_titles(soup, ".zone-opinion") == ["مقال رأي 1", "مقال رأي 0"]
    assert soup.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    _, soup = read(client, politics.url + "?page=2")
    assert [a.get_text() for a in soup.select(".story-title a")][0] == "سياسة 3"
    assert not soup.select(".zone-lead")


def _query_count(client, url):
    # Renditions are made on publish (after commit, which a test transaction
    # never reaches), never on a reader's request: make them as publish does.
    for article in ArticlePage.objects.all():
        ensure_article(article)
    client.get(url)  # warm Wagtail's per-process caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_front_queries_do_not_grow_with_stories(
    client, home, stories, make_article, make_image, commit, django_assert_max_num_queries
):
    home = HomePage.objects.get(pk=home.pk)
    politics = stories["sections"]["politics"]
    picture = make_image()
    for i in range(2):  # cards with pictures: their renditions come in one query
        make_article(title=f"خبر مصور {i}", hero=picture)
    # Measured before any request: the fronts alone (sections, pins,
    # candidates, stories, renditions).
    with django_assert_max_num_queries(5):
        front_page(home)
    with django_assert_max_num_queries(4):
        politics.front()
    before = {url: _query_count(client, url) for url in (home.url, politics.url)}
    # The whole uncached request: routing, site settings, menu, footer and
    # the audience block add theirs (docs/front-pages.md, Cost).
    assert all(count <= 12 for count in before.values()), before
    publish_pins(
        commit,
        home,
        *(
            HomePin(article=a, zone="secondary", position=i + 1)
            for i, a in enumerate(stories["politics"][:4])
        ),
    )
    for i in range(12):
        make_article(
            title=f"خبر جديد {i}", parent=stories["sections"]["economy"], hero=make_image()
        )
    after = {url: _query_count(client, url) for url in (home.url, politics.url)}
    assert after == before, (before, after)


def test_editor_rearranges_home_in_admin(client, home, stories):
    User = get_user_model()
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(home.pk,))
    assert client.get(edit_url).status_code == 200
    lead, second = stories["politics"][3], stories["economy"][0]
    form = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "front_pins": inline_formset(
                [
                    {"article": lead.pk, "zone": "lead", "position": 1, "expires_at": ""},
                    {"article": second.pk, "zone": "secondary", "position": 1, "expires_at": ""},
                ]
            ),
        }
    )
    # Preview shows the new arrangement; readers still see the old one.
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(home.pk,))
    assert client.post(preview_url, form).json()["is_valid"]
    preview = BeautifulSoup(client.get(preview_url).content, "html.parser")
    assert zone_titles(preview, ".zone-lead") == ["سياسة 3"]
    _, soup = read(Client(), home.url)
    assert zone_titles(soup, ".zone-lead") == ["اقتصاد 2"]

    response = client.post(edit_url, form | {"action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HomePin.objects.filter(page=home).count() == 2
    reader = Client()
    _, soup = read(reader, home.url)
    assert zone_titles(soup, ".zone-lead") == ["سياسة 3"]
    assert zone_titles(soup, ".zone-secondary")[0] == "اقتصاد 0"


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_old_lead_article(home, make_article):
    """home/0002 turns the old optional lead article into a lead pin, in the
    table and in the latest revision the editor will publish next."""
    from django.db.migrations.executor import MigrationExecutor

    story = make_article(title="الخبر الذي كان يتصدر")
    make_article(title="خبر أحدث منه")
    HomePage.objects.get(pk=home.pk).save_revision()
    executor = MigrationExecutor(connection)
    executor.migrate([("home", "0001_initial")])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE home_homepage SET lead_article_id = %s WHERE page_ptr_id = %s",
                [story.pk, home.pk],
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("home"))
    pin = HomePin.objects.get(page_id=home.pk)
    assert (pin.article_id, pin.zone, pin.position, pin.expires_at) == (story.pk, "lead", 1, None)
    latest = HomePage.objects.get(pk=home.pk).get_latest_revision_as_object()
    assert [p.article_id for p in latest.front_pins.all()] == [story.pk]
    assert front_page(HomePage.objects.get(pk=home.pk))["lead"].pk == story.pk
