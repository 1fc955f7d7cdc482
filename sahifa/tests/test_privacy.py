"""Nothing private leaks through any public endpoint.

A site with a public article, a password-protected one, a login-only one,
one in a login-only section, and one restricted only after it was published
(audio made, search and related indexed, page cached) — each with its own
marker in headline, dek, body and hero image title. Every URL pattern of the
URL conf is found by walking the resolver; its parameters are filled from
real objects (page paths, slugs, ids, audio and image files, share cards,
restrictions) and every anonymous response is searched for the private
markers. A pattern the enumerator cannot fill fails the test, so a new
endpoint is covered the day it is added (or listed in SKIPPED with a reason).

The password-protected article is restricted without running the commit
hooks, as if the worker had not caught up: its search entry, related links,
audio and counts are still stored, so every query must apply the public rule
at read time too. Runs on SQLite and PostgreSQL (`make test`)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize
from wagtail.models import Page, PageViewRestriction

from sahifa.articles.models import ArticlePage
from sahifa.audience import services as audience
from sahifa.audience.stores import reset_store
from sahifa.authors.models import Author
from sahifa.core.models import SahifaImage
from sahifa.distribution import social
from sahifa.home.models import HomePin
from sahifa.listen.models import ArticleAudio
from sahifa.sections.models import SectionPage

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PREFIX = "kestrel"
PUBLIC = f"{PREFIX}open"
PRIVATE = {
    "password": f"{PREFIX}pass",
    "login": f"{PREFIX}login",
    "section": f"{PREFIX}vault",
    "later": f"{PREFIX}later",
}

# Routes not crawled, with the reason. Everything else must be filled.
SKIPPED = {
    "admin/": "the Wagtail admin: every view asks for a login (tested by the permission matrix)",
}


# -- the site ------------------------------------------------------------------------
def _article(make_article, marker: str, slug: str, parent, hero, read_also=()):
    shared = (
        "افتتحت البلدية حديقة النباتات النادرة بعد ترميم البيوت الزجاجية، "
        "وتعرض الحديقة أكثر من ألف نوع من النباتات النادرة للزوار."
    )
    body = [
        ("paragraph", f"<p>{shared}</p>"),
        ("paragraph", f"<p>قال المشرف على الحديقة إن {marker} سيفتح للزوار قريباً.</p>"),
        ("quote", {"text": f"«{marker} مفتوح للجميع»", "attribution": "المشرف"}),
        *[("read_also", {"page": page, "url": "", "title": ""}) for page in read_also],
    ]
    page = make_article(
        title=f"حديقة النباتات النادرة: {marker}",
        dek=f"ملخص الخبر {marker}",
        body=body,
        parent=parent,
        hero=hero,
        tags=["الحدائق", f"وسم-{slug}"],
        authors=["سلمى الكاتبة"],
        publish=False,
    )
    # Set before anything is published: the title's slug would carry the marker.
    page.slug = slug
    page.save()
    page.save_revision()
    return page


def _restrict(page, kind):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="سر-المحرر" if kind == "password" else ""
    )


@dataclass
class Site:
    articles: dict[str, ArticlePage]
    restrictions: list[PageViewRestriction]
    audio: dict[str, list[str]] = field(default_factory=dict)  # media paths per article


@pytest.fixture
def site(make_article, make_section, make_image, section, home, settings, commit):
    settings.PAGE_CACHE_SECONDS = 30  # on: a cached page must not outlive a restriction
    vault = make_section("vault", "قسم المشتركين")
    vault_restriction = _restrict(vault, PageViewRestriction.LOGIN)

    def image(marker):
        return make_image(title=f"صورة {marker}", caption=f"تعليق {marker}")

    def publish(page):
        commit(lambda: page.get_latest_revision().publish())
        return ArticlePage.objects.get(pk=page.pk)

    pages = {}
    pages["password"] = publish(
        _article(
            make_article, PRIVATE["password"], "locked-story", section, image(PRIVATE["password"])
        )
    )
    pages["later"] = publish(
        _article(make_article, PRIVATE["later"], "later-story", section, image(PRIVATE["later"]))
    )
    login = _article(
        make_article, PRIVATE["login"], "members-story", section, image(PRIVATE["login"])
    )
    login_restriction = _restrict(login, PageViewRestriction.LOGIN)
    pages["login"] = publish(login)
    pages["section"] = publish(
        _article(make_article, PRIVATE["section"], "vault-story", vault, image(PRIVATE["section"]))
    )
    pages["open"] = publish(
        _article(
            make_article,
            PUBLIC,
            "open-story",
            section,
            image(PUBLIC),
            read_also=[pages["password"], pages["later"], pages["login"], pages["section"]],
        )
    )
    # The front page leads with the story that will be restricted later.
    HomePin.objects.create(page=home, article=pages["later"], zone="lead", position=1)
    for name, page in pages.items():
        for reader in range(4 if name != "open" else 1):
            audience.record_hit(page.pk, "v", f"198.51.100.{reader}", UA)
    audience.flush()

    audio = {
        name: [record.audio.name, record.timings.name]
        for name, page in pages.items()
        for record in ArticleAudio.objects.filter(page_id=page.pk)
        if record.is_playable
    }
    assert set(audio) == {"password", "later", "open"}, audio
    # Restricted while the worker is behind: nothing converges yet (the
    # commit hooks never run), so only read-time checks protect it.
    password_restriction = _restrict(pages["password"], PageViewRestriction.PASSWORD)
    yield Site(
        articles=pages,
        restrictions=[vault_restriction, login_restriction, password_restriction],
        audio=audio,
    )
    reset_store(flush=False)


# -- the enumerator ------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    route: str  # as ResolverMatch.route spells it
    regex: str  # the whole path, anchored by fullmatch


def _join(outer: str, inner: str) -> str:
    # As Django's resolver joins routes (URLResolver._join_route).
    return inner if not outer else outer + inner.removeprefix("^")


def routes(patterns=None) -> list[Route]:
    """Every URL pattern of the URL conf, nested includes flattened."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        part = pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            found += [
                Route(_join(str(pattern.pattern), inner.route), part + inner.regex)
                for inner in routes(pattern.url_patterns)
            ]
        elif isinstance(pattern, URLPattern):
            leaf = part.removesuffix("\\Z").removesuffix("$")
            found.append(Route(str(pattern.pattern), leaf))
    return found


def parameter_values(site: Site) -> dict[str, list[str]]:
    """Values for every path parameter, taken from the site's real objects
    (private ones included: they must answer 404 or a login form)."""
    pages = [p for p in Page.objects.exclude(depth=1).specific() if p.url]
    slugs = [
        *SectionPage.objects.values_list("slug", flat=True),
        *Author.objects.values_list("slug", flat=True),
        *ArticlePage.tags.through.tag_model().objects.values_list("slug", flat=True),
    ]
    images = list(SahifaImage.objects.all())
    media = [name for names in site.audio.values() for name in names]
    media += [image.file.name for image in images]
    media += [r.file.name for image in images for r in image.renditions.all()]
    media += ["documents/private-report.pdf", "social/anything.png"]
    months = {
        (f"{p.first_published_at:%Y}", f"{p.first_published_at:%m}") for p in site.articles.values()
    }
    return {
        "slug": slugs,
        "section_slug": list(SectionPage.objects.values_list("slug", flat=True)),
        "pk": [str(p.pk) for p in pages] + [str(i.pk) for i in images],
        "path": media,
        "_0": [p.url.lstrip("/") for p in pages],
        ("year", "month"): sorted(months),
        ("pk", "version"): [(str(a.pk), social.card_version(a)) for a in site.articles.values()],
        ("page_view_restriction_id", "page_id"): [
            (str(r.pk), str(r.page_id)) for r in site.restrictions
        ],
        "restriction_id": [str(r.pk) for r in site.restrictions],
        # Wagtail's documents/<id>/<name>: there are no documents, only the view.
        ("_0", "_1"): [("1", "private-report.pdf")],
    }


def query_variants(route: str, site: Site) -> list[str]:
    """Query strings that make an endpoint show content: searches for each
    marker and their common prefix (autocomplete), listings with every
    field, finders for every page."""
    # In capitals: search folds case, and a page that repeats the query
    # («no results for …») then does not count as showing the marker.
    searches = [f"?q={m.upper()}" for m in (PREFIX, PUBLIC, *PRIVATE.values())]
    paths = [p.url for p in Page.objects.exclude(depth=1).specific() if p.url]
    sections = SectionPage.objects.values_list("pk", flat=True)
    api_search = [f"?search={m.upper()}" for m in (PREFIX, *PRIVATE.values())]
    variants = {
        "search/": searches,
        "search/autocomplete/": searches,
        "api/v2/search/": searches,
        "api/v2/pages/": ["", "?type=articles.ArticlePage&fields=*", *api_search],
        "api/v2/articles/": ["", "?fields=*", *api_search],
        "api/v2/images/": ["", "?fields=*", *api_search],
        "api/v2/pages/find/": [f"?html_path={quote(p)}" for p in paths],
        "api/v2/articles/find/": [f"?html_path={quote(p)}" for p in paths],
        "api/v2/images/find/": [
            f"?id={i}" for i in SahifaImage.objects.values_list("pk", flat=True)
        ],
        "audience/blocks/": ["", *(f"?section={pk}" for pk in sections)],
    }
    if route.startswith("feed/"):
        return ["", "?full=1"]
    return variants.get(route, [""])


def urls_for(route: Route, values: dict) -> list[str]:
    """Concrete paths for one pattern (Django's own reverse() reading of the
    regex), every parameter filled from `values`; [] means unfillable."""
    out = []
    for template, params in normalize(route.regex):
        if not params:
            out.append("/" + template)
            continue
        key = tuple(params) if len(params) > 1 else params[0]
        if key in values:
            combos = [c if isinstance(c, tuple) else (c,) for c in values[key]]
        elif all(p in values for p in params):
            combos = list(itertools.product(*(values[p] for p in params)))
        else:
            continue
        for combo in combos:
            path = template % dict(zip(params, combo, strict=True))
            if re.fullmatch(route.regex, path):
                out.append("/" + path)
    return out


def endpoints(site: Site) -> dict[str, list[str]]:
    """{route: [URL with its query]} for every crawled route; fails on a
    route nothing fills."""
    values = parameter_values(site)
    crawled, unfilled = {}, []
    for route in routes():
        if route.route.startswith(tuple(SKIPPED)):
            continue
        # Only paths that really resolve to this pattern count for it.
        paths = [p for p in urls_for(route, values) if resolve(p).route == route.route]
        if not paths:
            unfilled.append(route.route)
            continue
        crawled[route.route] = [p + q for p in paths for q in query_variants(route.route, site)]
    assert not unfilled, f"URL patterns the privacy crawl cannot fill: {unfilled}"
    return crawled


def text_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8", errors="ignore")
    # Highlighting may split a word into tags: search the text without them too.
    return f"{text}\n{re.sub(r'<[^>]+>', '', text)}\n{response.get('Location', '')}"


def crawl(site: Site) -> dict[str, str]:
    client = Client()
    seen = {}
    for urls in endpoints(site).values():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)
            seen[url] = text_of(response)
    return seen


def leaks(seen: dict[str, str], markers) -> dict[str, list[str]]:
    return {
        url: [m for m in markers if m in text]
        for url, text in seen.items()
        if any(m in text for m in markers)
    }


# -- the tests ------------------------------------------------------------------------------
def test_the_crawl_covers_every_public_pattern(site):
    crawled = endpoints(site)
    public = [r.route for r in routes() if not r.route.startswith(tuple(SKIPPED))]
    assert set(crawled) == set(public)
    assert len(public) >= 40, public
    assert sum(map(len, crawled.values())) >= 150


def test_no_private_marker_in_any_anonymous_response(site, commit):
    story = site.articles["later"]
    # Before: the later-restricted story is everywhere (its pages now cached).
    before = crawl(site)
    shown = {url for url, text in before.items() if PRIVATE["later"] in text}
    for where in (
        "/",
        f"/search/?q={PRIVATE['later'].upper()}",
        f"/api/v2/search/?q={PRIVATE['later'].upper()}",
        "/feed/",
        f"/search/autocomplete/?q={PREFIX.upper()}",
        "/listen/podcast.xml",
        story.url,
    ):
        assert where in shown, where
    assert leaks(before, [m for k, m in PRIVATE.items() if k != "later"]) == {}

    commit(lambda: _restrict(ArticlePage.objects.get(pk=story.pk), PageViewRestriction.PASSWORD))
    site.restrictions.append(PageViewRestriction.objects.get(page_id=story.pk))
    after = crawl(site)
    assert leaks(after, PRIVATE.values()) == {}
    # Not trivially empty: the public story is still where it was.
    public = {url for url, text in after.items() if PUBLIC in text}
    for where in (
        "/",
        site.articles["open"].url,
        f"/search/?q={PUBLIC.upper()}",
        f"/search/autocomplete/?q={PREFIX.upper()}",
        f"/api/v2/search/?q={PUBLIC.upper()}",
        "/feed/",
        "/feed/json/",
        "/listen/podcast.xml",
        "/api/v2/articles/?fields=*",
    ):
        assert where in public, where
    assert len(after) >= 150


def test_private_audio_and_transcripts_are_not_served(site, commit):
    client = Client()
    for name in site.audio["open"]:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
    # Restricted, with the worker behind: the files still exist on disk.
    for name in site.audio["password"]:
        assert default_storage.exists(name)
        assert client.get(f"/media/{name}").status_code == 404, name
    story = site.articles["later"]
    assert client.get(f"/media/{site.audio['later'][1]}").status_code == 200
    commit(lambda: _restrict(ArticlePage.objects.get(pk=story.pk), PageViewRestriction.LOGIN))
    for name in site.audio["later"]:
        assert client.get(f"/media/{name}").status_code == 404, name
    assert not ArticleAudio.objects.filter(page_id=story.pk).exists()
    # Names are not derived from the article alone: a random part each time.
    assert re.search(r"-[A-Za-z0-9_-]{16}\.mp3$", site.audio["open"][0])
