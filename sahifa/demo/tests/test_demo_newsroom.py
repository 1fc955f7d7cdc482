"""The demo newsroom and the reference-like article, end to end: ninjs files
imported with `import_articles`, then read as a reader reads them."""

import json
from io import StringIO
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from sahifa.articles.models import ArticlePage
from sahifa.demo import services

TRILOGY = ["urn:sahifa:demo:pol-001", "urn:sahifa:demo:tech-001", "urn:sahifa:demo:eco-001"]


@pytest.fixture
def trilogy_file(tmp_path):
    """A ninjs 2.0 list of the three linked stories, hero images beside it."""
    items = []
    for name in ("politics.json", "technology.json", "economy.json"):
        items += [
            i for i in json.loads((services.CONTENT_DIR / name).read_text()) if i["uri"] in TRILOGY
        ]
    path = tmp_path / "trilogy.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    for item in items:
        for rendition in item["associations"][0]["renditions"]:
            services.ensure_picture(
                tmp_path / rendition["href"], rendition["width"], rendition["height"]
            )
    return path


def test_demo_content_is_complete():
    """At least 6 sections and 40 articles, several long ones with sub-headings."""
    sections = [s for s in services.SECTIONS if (services.CONTENT_DIR / s[3]).exists()]
    assert len(sections) >= 6
    items = [i for s in sections for i in json.loads((services.CONTENT_DIR / s[3]).read_text())]
    assert len(items) >= 40
    long_ones = [
        i
        for i in items
        if len(BeautifulSoup(i["bodies"][0]["value"], "html.parser").get_text(" ").split()) >= 800
        and "<h2>" in i["bodies"][0]["value"]
    ]
    assert len(long_ones) >= 6
    assert sum("اقرأ أيضاً" in i["bodies"][0]["value"] for i in items) >= 10


@pytest.mark.django_db
def test_reference_trilogy_imports_and_renders(client, section, trilogy_file):
    out = StringIO()
    call_command("import_articles", str(trilogy_file), "--section", section.slug, stdout=out)
    paths = out.getvalue().split()
    assert len(paths) == 3
    pages = {p.source_uri: p for p in ArticlePage.objects.live()}
    assert set(pages) == set(TRILOGY)

    assert pages["urn:sahifa:demo:pol-001"].was_updated
    for uri, path in zip(TRILOGY, paths, strict=True):
        page = pages[uri]
        assert unquote(path) == unquote(page.url)
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        assert soup.h1.get_text() == page.title
        assert soup.select_one(".dates .published time")["datetime"]
        # «آخر تحديث» appears exactly when versioncreated is later than firstcreated.
        assert bool(soup.select_one(".dates .updated time")) == page.was_updated
        hero = soup.select_one("figure.hero")
        assert hero.find("img")["srcset"] and hero.select_one("figcaption .caption").get_text()
        assert hero.select_one("figcaption .credit").get_text().strip()
        assert soup.select(".article-body h2")
        links = {a["href"] for a in soup.select(".read-also a")}
        others = {pages[u].url for u in TRILOGY if u != uri}
        assert links & others and links <= {p.url for p in pages.values()}
        assert "urn:" not in str(soup.select_one(".article-body"))  # pending links stay text
        assert soup.find("h2", string="آخر الأخبار في القسم")
        assert soup.find("h2", string="شارك المقال")


@pytest.mark.django_db
def test_load_demo_is_idempotent(tmp_path):
    first = services.load_demo(tmp_path, "pw", log=lambda *a: None, only=["politics"])
    count = ArticlePage.objects.count()
    second = services.load_demo(tmp_path, "pw", log=lambda *a: None, only=["politics"])
    assert first == second == count >= 6
    assert ArticlePage.objects.count() == count
