"""Every anonymous GET endpoint, derived from the URL conf, answers hostile
query parameters (huge or negative numbers, NUL, lone surrogates, bad
operators, markup) and hostile path values with a 2xx/3xx/4xx, never a 5xx.

A new URL pattern that `concrete_paths()` cannot fill fails the test: add
its sample value below rather than leaving it unfuzzed."""

import re
from urllib.error import URLError
from urllib.parse import quote

import pytest
from django.db import OperationalError
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sahifa.core.text import is_clean
from sahifa.search import services as search_services

pytestmark = pytest.mark.django_db

# Areas that need a login or serve files: not anonymous GET endpoints.
SKIPPED_PREFIXES = ("admin/", "documents/", "media/", "django-admin/", "__debug__/")
# Query parameters any of our endpoints (or Wagtail's API) reads.
PARAMS = [
    "offset", "limit", "id", "search", "search_operator", "order", "fields", "type",
    "child_of", "descendant_of", "ancestor_of", "locale", "translation_of", "site",
    "page", "p", "q", "section", "tag", "author", "from", "to", "sort", "full", "days",
    "format", "slug", "html_path",
]  # fmt: skip
# Raw (already percent-encoded) values: %ED%A0%80 is a lone surrogate in UTF-8.
HOSTILE_VALUES = [
    "99999999999999999999999999", "-1", "-99999999999999999999", "0", "1e309", "nan",
    "%00", "a%00b", "%ED%A0%80", "%ff%fe", "%EF%BF%BE", "9" * 400, "abc", "",
    "%3Cscript%3E", "and", "or", "xor", "'", "%22", "..%2F..", "2024-13-45", "10000-01-01",
    "0001-01-01", "-title", "title,-id", "*", "id,-", "ar", "%0B", "%0C",
]  # fmt: skip
# One of each kind, tried in every parameter alone (the full list goes in all at once).
ONE_BY_ONE = ["99999999999999999999999999", "-1", "%00", "%ED%A0%80", "1e309", "abc"]
HOSTILE_PATH_VALUES = ["%00", "%ED%A0%80", "9" * 30, "-1", "..%2F", "%3Cb%3E", "x" * 300]


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def route_templates() -> list[str]:
    return [
        route
        for route in walk(get_resolver().url_patterns)
        if not route.lstrip("^").startswith(SKIPPED_PREFIXES)
    ]


@pytest.fixture
def site_objects(make_article, make_image, section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_article(
            title="خبر للاختبار", tags=("اقتصاد",), authors=("ليلى حسن",), hero=make_image()
        )
    tag = page.tags.first()
    author = page.article_authors.first().author
    return {"page": page, "tag": tag, "author": author, "section": section}


def concrete_paths(objs) -> list[str]:
    """One real path per URL pattern, its converters filled by sample values."""
    page = objs["page"]
    samples = {
        "feed/section/": objs["section"].slug,
        "feed/tag/": objs["tag"].slug,
        "feed/author/": objs["author"].slug,
        "tags/": objs["tag"].slug,
        "authors/": objs["author"].slug,
        "listen/": objs["section"].slug,
    }
    paths = []
    for template in route_templates():
        if template == "^((?:[\\w\\-]+/)*)$":
            paths += ["/", page.url, objs["section"].url]  # Wagtail's page tree
            continue
        route = template.replace("^", "").replace("$", "").replace("\\Z", "")
        if "(?P<year>" in route:
            date = page.first_published_at
            route = re.sub(r"\(\?P<year>[^)]*\)", f"{date:%Y}", route)
            route = re.sub(r"\(\?P<month>[^)]*\)", f"{date:%m}", route).replace("\\.", ".")
        if route.startswith("api/v2/images/"):
            route = route.replace("<int:pk>", str(page.hero_image_id))
        route = route.replace("<int:pk>", str(page.pk)).replace("<int:page_id>", str(page.pk))
        route = route.replace("<int:page_view_restriction_id>", "1").replace("<str:version>", "x")
        if "<str:slug>" in route or "<str:section_slug>" in route:
            key = next((k for k in samples if route.startswith(k)), None)
            assert key, f"no sample value for {template}: add one to concrete_paths()"
            route = re.sub(r"<str:\w+>", samples[key], route)
        assert not re.search(r"[<(\\]", route), f"cannot fill {template}"
        paths.append("/" + route)
    return sorted(set(paths))


def check(client, url, failures):
    client.raise_request_exception = False  # a 500 is recorded, the run goes on
    response = client.get(url)
    if response.status_code >= 500:
        failures.append((url, response.status_code))
    return response


def test_every_endpoint_with_hostile_parameters(client, site_objects):
    paths = concrete_paths(site_objects)
    assert {"/feed/", "/api/v2/articles/", "/search/", "/sitemap.xml"} <= set(paths)
    failures = []
    for path in paths:
        check(client, path, failures)
        # Every value in every parameter at once…
        for value in HOSTILE_VALUES:
            check(client, f"{path}?" + "&".join(f"{name}={value}" for name in PARAMS), failures)
        # …and one parameter at a time where parameters are read.
        if any(part in path for part in ("api/", "search", "audience", "sitemap")):
            for name in PARAMS:
                for value in ONE_BY_ONE:
                    check(client, f"{path}?{name}={value}", failures)
                    # Some parameters are read only beside a search.
                    check(client, f"{path}?search=x&{name}={value}", failures)
    assert not failures, sorted(set(failures))[:40]


def test_hostile_path_values(client, site_objects):
    failures = []
    for path in concrete_paths(site_objects):
        for value in HOSTILE_PATH_VALUES:
            for sample in (
                site_objects["tag"].slug,
                site_objects["author"].slug,
                site_objects["section"].slug,
                str(site_objects["page"].pk),
            ):
                encoded = quote(sample)
                if encoded in path:
                    check(client, path.replace(encoded, value, 1), failures)
    assert not failures, sorted(set(failures))[:40]


def test_clear_answers(client, site_objects):
    """Not just "no 500": the answers name the problem."""
    response = client.get("/api/v2/articles/?offset=99999999999999999999999")
    assert response.status_code == 400 and "offset" in response.json()["message"]
    response = client.get("/api/v2/pages/?search=a%00b")
    assert response.status_code == 400
    response = client.get("/api/v2/pages/?search=x&search_operator=xor")
    assert response.status_code == 400 and "search_operator" in response.json()["message"]
    response = client.get("/api/v2/articles/%ED%A0%80/")
    assert response.status_code == 404
    response = client.get("/api/v2/search/?q=%00")
    assert response.status_code in (200, 400)
    response = client.get("/search/?q=a%00b")
    assert response.status_code == 200
    assert is_clean(response.content.decode())


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_fuzz_anonymous_endpoints(client, site_objects, data):
    paths = concrete_paths(site_objects)
    path = data.draw(st.sampled_from(paths))
    params = data.draw(
        st.dictionaries(
            st.sampled_from(PARAMS),
            st.one_of(
                st.sampled_from(HOSTILE_VALUES),
                st.text(max_size=20).map(lambda t: quote(t, errors="surrogatepass")),
                st.integers().map(str),
            ),
            max_size=4,
        )
    )
    query = "&".join(f"{name}={value}" for name, value in params.items())
    failures = []
    check(client, f"{path}?{query}", failures)
    assert not failures, sorted(set(failures))[:40]


@pytest.mark.parametrize(
    "error", [OperationalError("database is locked"), URLError("connection refused")]
)
def test_search_engine_errors_get_a_polite_answer(client, site_objects, monkeypatch, error):
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(search_services, "search", failing)
    monkeypatch.setattr(search_services, "autocomplete", failing)
    response = client.get("/search/?q=خبر")
    assert response.status_code == 503 and response["Retry-After"]
    assert "البحث غير متاح الآن بسبب عطل مؤقت" in response.content.decode()
    assert 'name="q"' in response.content.decode()  # the page and its form still render
    response = client.get("/api/v2/search/?q=خبر")
    assert response.status_code == 503
    assert response.json()["error"] == "search unavailable"
    response = client.get("/search/autocomplete/?q=خب")
    assert response.status_code == 200 and response.json() == {"results": []}


def test_search_form_errors_say_what_is_wrong(client, site_objects):
    html = client.get("/search/?q=a%00b").content.decode()
    assert "اكتب نصاً عادياً" in html
    html = client.get("/search/?q=خبر&page=-1").content.decode()
    assert "تحقق من القسم والترتيب ورقم الصفحة" in html
