"""The XSS corpus through every place a reader sees text that an editor, an
importer or a visitor wrote, in Debian chromium: no vector may execute, no
vector may inject markup, and each vector must be shown (as text) where its
field is shown, so the test cannot pass because content went missing.

Vectors: sahifa/tests/data/xss_vectors.txt (how to add one: docs/security.md).
Each editorial field of article i holds vector i + k·STRIDE (k = the field's
number): with half as many articles as vectors, each field sees half the
corpus and each vector about half the fields; sections, site settings,
search queries and imported items are spread the same way.
Text goes in the way the admin stores it: plain fields as typed, rich text
through Draftail's converter, URLs only if the admin's URL validation
accepts them; imported text goes through the ninjs and WordPress importers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from html import escape
from io import BytesIO
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.validators import URLValidator
from django.db import transaction
from django.test import Client
from PIL import Image
from wagtail.models import Site

from sahifa.articles.blocks import ParagraphBlock
from sahifa.articles.models import ArticleAuthor, ArticlePage
from sahifa.authors.models import Author
from sahifa.core.models import SahifaImage, SiteSettings
from sahifa.importers.ninjs_import import import_file
from sahifa.importers.wordpress import import_wxr
from sahifa.listen import services as listen
from sahifa.related import rebuild as related
from sahifa.search import services as search
from sahifa.sections.models import SectionPage

from .xss_corpus import Reader, load_vectors, marker_ids, squeeze

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning"),
]

VECTORS = load_vectors()
STRIDE = 37  # distance between the vectors of two fields of one article
SECTIONS = 12
IMAGE_EVERY = 3  # every third article has a hero picture (renditions cost time)
# One article per two vectors: field k of article i holds vector i + k·STRIDE,
# so each field sees half the corpus and each vector ~half the fields.
ARTICLES = len(VECTORS) // 2
SAMPLE_EVERY = 8  # tag and author pages, the player: one article in eight
SEARCH_EVERY = 4  # queries echoed by /search/: one vector in four
_valid_url = URLValidator()


def pick(field_no: int, index: int, max_length: int | None = None) -> str:
    """Vector for field `field_no` of item `index`, skipping vectors longer
    than the field allows (the database would refuse them)."""
    for step in range(len(VECTORS)):
        text = VECTORS[(index + field_no * STRIDE + step) % len(VECTORS)].text
        if max_length is None or len(text) <= max_length:
            return text
    raise AssertionError(f"no vector fits {max_length} characters")


def admin_url(text: str, fallback: str) -> str:
    """What the admin's URL fields (URLField, URLBlock) accept of `text`."""
    try:
        _valid_url(text)
    except ValidationError:
        return fallback
    return text


def draftail_html(text: str, link: str) -> str:
    """A paragraph as the admin saves it: Draftail's contentstate (the text
    in bold, a link on its tail to any URL a crafted request could send)
    converted by Wagtail's widget."""
    contentstate = {
        "blocks": [
            {
                "key": "k1",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [{"offset": 0, "length": min(5, len(text)), "style": "BOLD"}],
                "entityRanges": [{"offset": max(0, len(text) - 6), "length": 6, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}},
    }
    widget = ParagraphBlock().field.widget
    return widget.value_from_datadict({"p": json.dumps(contentstate)}, {}, "p")


@contextmanager
def bulk_writes(settings):
    """Write hundreds of articles at import speed: one transaction, the
    lifecycle's background jobs held (each publish would otherwise index,
    relate, voice and draw a card one article at a time), then the indexes
    rebuilt in bulk as after a big import."""
    immediate = settings.TASKS
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    try:
        with transaction.atomic():
            yield
    finally:
        settings.TASKS = immediate
    search.rebuild()
    related.rebuild(workers=1, log=lambda *a: None)


def tiny_image(**fields) -> SahifaImage:
    buffer = BytesIO()
    Image.new("RGB", (96, 54), (120, 30, 40)).save(buffer, "JPEG")
    return SahifaImage.objects.create(file=ImageFile(buffer, name="x.jpg"), **fields)


def publish(page: ArticlePage, parent) -> ArticlePage:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# -- the editorial site ------------------------------------------------------
def build_site(home) -> dict:
    """ARTICLES articles in SECTIONS sections, each with its own author and
    tag, every third with a picture, all with every body block type.
    Returns what each page must show."""
    sections = []
    for s in range(SECTIONS):
        sections.append(
            home.add_child(
                instance=SectionPage(
                    title=pick(30, s, 255),
                    intro=pick(31, s),
                    slug=f"section-{s}",
                    show_in_menus=s < 4,
                )
            )
        )
    articles, expected = [], {}
    for a in range(ARTICLES):
        image = None
        if a % IMAGE_EVERY == 0:
            image = tiny_image(
                title=pick(7, a, 255),
                caption=pick(8, a, 500),
                photographer=pick(9, a, 200),
                agency=pick(10, a, 200),
            )
        body = [
            ("paragraph", draftail_html(pick(12, a), pick(13, a))),
            ("subheading", pick(14, a)),
            ("quote", {"text": pick(15, a), "attribution": pick(16, a)}),
            (
                "embed",
                {
                    "url": admin_url(pick(17, a), f"https://video.example/{a}"),
                    "title": pick(18, a),
                    "caption": pick(19, a),
                },
            ),
            (
                "read_also",
                {
                    "page": articles[-1] if articles else None,
                    "url": "",
                    "title": "",
                },
            ),
            (
                "read_also",
                {
                    "page": None,
                    "url": admin_url(pick(20, a), f"https://news.example/{a}"),
                    "title": pick(21, a),
                },
            ),
        ]
        if image is not None:
            body.append(("image", {"image": image, "caption": pick(22, a)}))
        author = Author.objects.create(
            name=pick(3, a, 200), slug=f"author-{a}", role=pick(4, a, 200), bio=pick(5, a)
        )
        page = ArticlePage(
            title=pick(0, a, 255),
            slug=f"article-{a}",
            dek=pick(1, a),
            search_description=pick(2, a) if a % 2 else "",
            hero_image=image,
            hero_caption=pick(11, a, 500) if a % (2 * IMAGE_EVERY) == IMAGE_EVERY else "",
            body=body,
        )
        page.article_authors.add(ArticleAuthor(author=author, sort_order=0))
        page.tags.add(pick(6, a, 100))
        page = publish(page, sections[a % SECTIONS])
        articles.append(page)
        expected[page.pk] = article_expectations(page, author, sections[a % SECTIONS])
    return {"sections": sections, "articles": articles, "expected": expected}


def article_expectations(page: ArticlePage, author: Author, section) -> list[tuple[str, str]]:
    """(selector, text) pairs the article page must show, read back from the
    database (what was stored is what must be displayed)."""
    page = ArticlePage.objects.get(pk=page.pk)
    shown = [
        ("h1", page.title),
        ("title", page.title),
        (".dek", page.dek),
        ("meta[name=description]@content", page.search_description or page.dek),
        ("meta[property='og:title']@content", page.title),
        (".byline a", author.name),
        (".kicker a", section.title),
        (".article-tags a", page.tags.get().name),
        ("figure.hero .caption", page.caption),
        ("figure.hero img@alt", page.caption),
    ]
    image = page.hero_image
    if image is not None:
        shown += [
            ("figure.hero .photographer", image.photographer),
            ("figure.hero .agency", image.agency),
        ]
    for block in page.body:
        value = block.value
        if block.block_type == "paragraph":
            shown.append((".article-body p", BeautifulSoup(value.source, "html.parser").get_text()))
        elif block.block_type == "subheading":
            shown.append((".article-subheading", value))
        elif block.block_type == "quote":
            shown += [
                (".article-quote p", value["text"]),
                (".article-quote cite", value["attribution"]),
            ]
        elif block.block_type == "embed":
            shown += [
                (".embed-title", value["title"]),
                (".article-embed figcaption", value["caption"]),
            ]
        elif block.block_type == "read_also":
            title = value["page"].title if value["page"] else value["title"]
            shown.append((".read-also a", title))
        elif block.block_type == "image":
            shown.append((".article-figure .caption", value["caption"]))
    return [(selector, text) for selector, text in shown if text]


def json_ld_strings(reader: Reader) -> str:
    """The strings of the page's JSON-LD, parsed (it must be valid JSON)."""

    def strings(value):
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            return " ".join(strings(item) for item in value)
        return value if isinstance(value, str) else ""

    return " ".join(
        strings(json.loads(text)) for text in reader.texts("script[type='application/ld+json']")
    )


def assert_feed_escapes(client: Client, path: str, titles: set[str]) -> None:
    """A feed is XML (never HTML), well-formed, its titles are the stored
    headlines as text, and no description hands a feed reader live markup."""
    response = client.get(path)
    assert response.status_code == 200, path
    kind = response["Content-Type"]
    assert "html" not in kind and ("xml" in kind or "json" in kind), (path, kind)
    if "json" in kind:
        items = json.loads(response.content).get("items", [])
        shown = {item.get("title", "") for item in items}
        htmls = [item.get("content_html", "") for item in items]
    else:
        shown, htmls = set(), []
        for el in ET.fromstring(response.content).iter():
            namespace, _, tag = el.tag.rpartition("}")
            if tag == "title":
                shown.add(el.text or "")
            # What a feed reader takes as HTML: RSS <description> and
            # content:encoded, Atom text constructs of type html. (Atom and
            # iTunes plain-text elements are shown as text.)
            is_html = (
                (tag == "description" and not namespace)
                or (tag == "encoded" and "content" in namespace)
                or (tag in ("summary", "content") and el.get("type") in ("html", "xhtml"))
            )
            if is_html:
                htmls.append(el.text or "")
    assert {squeeze(t) for t in titles} & {squeeze(t) for t in shown}, path
    for html in htmls:
        assert not live_markup(html), (path, live_markup(html))


def live_markup(html: str) -> list[str]:
    """Elements or attributes in `html` that would run script in a reader."""
    found = []
    for el in BeautifulSoup(html or "", "html.parser").find_all(True):
        if el.name in (
            "script",
            "iframe",
            "object",
            "embed",
            "base",
            "meta",
            "style",
            "svg",
            "math",
        ):
            found.append(str(el)[:200])
        for name, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            link = squeeze(value).lower()
            if name.lower().startswith("on") or link.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                found.append(str(el)[:200])
    return found


def test_corpus_is_large_and_distinct():
    texts = [vector.text for vector in VECTORS]
    assert len(VECTORS) >= 150
    assert len(set(texts)) == len(texts), "duplicate vectors"
    for vector in VECTORS:
        # Every vector names itself when it runs.
        assert vector.id in marker_ids(vector.text), vector


def test_reader_sees_what_an_unescaped_vector_does(browser):
    """The detector itself: the same vectors written raw into a page are
    recorded as executions, injected markup and foreign requests."""
    chosen = [v for v in VECTORS if v.text.startswith(("<img src=x onerror=", "<svg onload="))][:3]
    chosen += [v for v in VECTORS if "srcdoc" in v.text][:1]
    linked = next(v for v in VECTORS if v.text.startswith('<a href="javascript:'))
    leaking = next(v for v in VECTORS if v.text.startswith("<img src='https://evil.example/"))
    html = "<!doctype html><title>t</title><body>" + "".join(v.text for v in [*chosen, linked])
    reader = Reader(browser, "http://localhost:9")
    reader.context.route(
        "http://localhost:9/raw", lambda route: route.fulfill(body=html, content_type="text/html")
    )
    reader.visit("/raw")
    # Dangling markup leaks the page up to the next quote to another host.
    reader.page.set_content(leaking.text + "<p>secret</p>'>")
    reader.page.wait_for_timeout(100)
    reader.close()
    ran = {int(marker) for finding in reader.executions for marker in marker_ids(finding.what)}
    assert {v.id for v in chosen} <= ran, reader.executions
    assert any(linked.id in marker_ids(finding.what) for finding in reader.injected), (
        linked,
        reader.injected,
    )
    assert any("evil.example" in url for url in reader.foreign)


def test_editorial_entry_points(browser, live_server, home, settings):
    settings.SITE_URL = live_server.url
    client = Client()
    with bulk_writes(settings):
        site = build_site(home)
    articles, sections = site["articles"], site["sections"]
    for page in articles[::SAMPLE_EVERY]:
        # The player and its transcript (the article's text, cue by cue).
        assert listen.generate(page.pk).action == "generated", page.pk
    reader = Reader(browser, live_server.url)

    # Every article page: headline, dek, byline, tags, picture, body blocks,
    # share links, JSON-LD, Open Graph, the listen player.
    for index, page in enumerate(articles):
        reader.visit(page.url)
        reader.assert_shown(site["expected"][page.pk])
        assert squeeze(page.title[:110]) in squeeze(json_ld_strings(reader)), page.url
        if index % SAMPLE_EVERY == 0:
            assert reader.click_all(".listen-play, .listen summary, article button")

    # Listings: home, every section, a sample of tags and authors.
    reader.visit("/")
    reader.assert_shown([(".site-nav a", s.title) for s in sections if s.show_in_menus])
    for section in sections:
        section.refresh_from_db()
        reader.visit(section.url)
        stories = list(
            ArticlePage.objects.live().child_of(section).order_by("-first_published_at")[:5]
        )
        reader.assert_shown(
            [("h1", section.title), (".listing-header .dek", section.intro)]
            + [(".story-title a", story.title) for story in stories]
        )
    for page in articles[::SAMPLE_EVERY]:
        tag = page.tags.get()
        reader.visit(f"/tags/{quote(tag.slug)}/")
        reader.assert_shown(
            [("h1", tag.name), (".story-title a", page.title), (".story-dek", page.dek)]
        )
        author = page.authors()[0]
        reader.visit(author.get_absolute_url())
        reader.assert_shown([("h1", author.name), (".role", author.role), (".dek", author.bio)])

    # Search: the query echoed back, results highlighted, the section menu,
    # autocomplete suggestions typed in the box.
    for vector in VECTORS[::SEARCH_EVERY]:
        query = vector.text.strip()
        if len(query) > 200:
            continue
        reader.visit("/search/?" + f"q={quote(query)}")
        reader.assert_shown([("#search-q@value", query), ("h1", query)])
    reader.visit("/search/?q=xss")
    reader.assert_shown([("#search-section option", s.title) for s in sections])
    assert reader.page.locator(".search-result").count() > 0
    reader.page.fill("#search-q", "")
    reader.page.type("#search-q", "xss", delay=30)
    reader.page.wait_for_selector("#search-suggest a", timeout=5_000)
    suggested = reader.texts("#search-suggest a")
    titles = {squeeze(p.title) for p in ArticlePage.objects.live()}
    assert suggested and all(squeeze(text) in titles for text in suggested), suggested
    reader.page.wait_for_timeout(200)

    # Site settings: tagline and follow links, several rounds.
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for r in range(6):
        site_settings.tagline = pick(40, r, 200)
        for n, (name, _) in enumerate(SiteSettings.FOLLOW_FIELDS):
            setattr(
                site_settings, name, admin_url(pick(41 + n, r), f"https://social.example/{r}/{n}")
            )
        site_settings.save()
        settings.WAGTAIL_SITE_NAME = pick(50, r, 200)
        reader.visit("/")
        reader.assert_shown(
            [(".tagline", site_settings.tagline), (".site-name", settings.WAGTAIL_SITE_NAME)]
            + [(".follow-us a@href", link["url"]) for link in site_settings.follow_links()]
        )
        reader.visit(articles[r].url)

    # Machine-readable outputs: the right type, escaped, and inert in a browser.
    titles = {p.title for p in articles}
    feeds = ["/feed/", "/feed/atom/", "/feed/json/", "/listen/podcast.xml"]
    for page in articles[:3]:
        feeds += [
            f"/feed/section/{page.get_parent().slug}/",
            f"/feed/tag/{quote(page.tags.get().slug)}/",
            f"/feed/author/{page.authors()[0].slug}/atom/",
        ]
    for path in feeds:
        assert_feed_escapes(client, path, titles)
        reader.visit(path, html=False)
    for path in [
        "/sitemap-news.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
    ]:
        response = client.get(path)
        assert "html" not in response["Content-Type"], path
        ET.fromstring(response.content)
        reader.visit(path, html=False)
    api_paths = [
        "/api/v2/articles/?limit=20&fields=dek,authors,tags",
        f"/api/v2/articles/{articles[0].pk}/",
        f"/api/v2/articles/{articles[1].pk}/",
        "/api/v2/search/?q=xss",
        "/search/autocomplete/?q=xss",
    ]
    for path in api_paths:
        response = client.get(path)
        assert response["Content-Type"].startswith("application/json"), path
        json.loads(response.content)
        # A browser asking for HTML gets the browsable API page: scan it too.
        reader.visit(path, html=not path.startswith("/search/"))
    # The share card is a picture, whatever the headline drawn on it.
    reader.visit(articles[0].url)
    for url in reader.texts("meta[property='og:image']@content"):
        response = reader.page.request.get(live_server.url + urlsplit(url).path)
        assert response.ok and response.headers["content-type"].startswith("image/"), url

    reader.close()
    assert not reader.executions, "\n".join(map(str, reader.executions))
    assert not reader.injected, "\n".join(map(str, reader.injected[:40]))
    assert not reader.foreign, reader.foreign[:20]


# -- importers ---------------------------------------------------------------
IMPORTED_ITEMS = 19


def _picture(path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 80), (20, 90, 160)).save(path)


def _markup_last(vectors):
    """Text vectors first: an unclosed element of a markup vector (an
    <object>, a <noscript>) rightly takes what follows with it."""
    return sorted(vectors, key=lambda vector: "<" in vector.text)


def ninjs_items(folder) -> list[dict]:
    """Items whose every text field is a vector, bodies holding the whole
    corpus (each vector once, as HTML, alternately wrapped in <p>)."""
    items = []
    for k in range(IMPORTED_ITEMS):
        body = "".join(
            f"<p>{vector.text}</p>" if vector.id % 2 else vector.text
            for vector in _markup_last(VECTORS[k::IMPORTED_ITEMS])
        )
        _picture(folder / f"images/{k}.jpg")
        items.append(
            {
                "standard": {"name": "ninjs", "version": "2.0"},
                "uri": f"urn:xss:ninjs:{k}",
                "type": "text",
                "firstcreated": "2024-11-02T07:15:00Z",
                "versioncreated": "2024-11-02T09:40:00Z",
                "headlines": [{"role": "main", "value": pick(60, k, 255)}],
                "descriptions": [
                    {"role": "summary", "contenttype": "text/html", "value": pick(61, k)}
                ],
                "bylines": [{"name": pick(62, k, 200)}],
                "subjects": [{"name": pick(63, k, 100)}],
                "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
                "associations": [
                    {
                        "name": "featureimage",
                        "uri": f"urn:xss:ninjs:{k}:photo",
                        "type": "picture",
                        "headlines": [{"value": pick(64, k, 255)}],
                        "descriptions": [{"role": "caption", "value": pick(65, k, 500)}],
                        "by": pick(66, k, 200),
                        "copyrightholder": pick(67, k, 200),
                        "renditions": [{"name": "web", "href": f"images/{k}.jpg"}],
                    }
                ],
            }
        )
    return items


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wxr_export(folder) -> str:
    posts = []
    for k in range(IMPORTED_ITEMS):
        body = "\n\n".join(vector.text for vector in _markup_last(VECTORS[k::IMPORTED_ITEMS]))
        posts.append(
            f"""<item><title>{escape(pick(70, k, 255))}</title>
            <link>https://old.example.com/2024/05/01/p{k}/</link>
            <guid isPermaLink="false">https://old.example.com/?p={k + 1}</guid>
            <dc:creator>{_cdata(f"w{k}")}</dc:creator>
            <content:encoded>{_cdata(body)}</content:encoded>
            <excerpt:encoded>{_cdata(pick(71, k))}</excerpt:encoded>
            <category domain="post_tag" nicename="t{k}">{_cdata(pick(72, k, 100))}</category>
            <wp:post_id>{k + 1}</wp:post_id><wp:post_name>p{k}</wp:post_name>
            <wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt>
            <wp:post_modified_gmt>2024-05-01 08:00:00</wp:post_modified_gmt>
            <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
        )
    authors = "".join(
        f"<wp:author><wp:author_login>{_cdata(f'w{k}')}</wp:author_login>"
        f"<wp:author_display_name>{_cdata(pick(73, k, 200))}</wp:author_display_name></wp:author>"
        for k in range(IMPORTED_ITEMS)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>موقع</title>'
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_site_url>https://old.example.com</wp:base_site_url>"
        f"{authors}{''.join(posts)}</channel></rss>"
    )


def test_imported_entry_points(browser, live_server, section, tmp_path, settings):
    settings.SITE_URL = live_server.url
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "items.json").write_text(
        json.dumps(ninjs_items(folder), ensure_ascii=False), encoding="utf-8"
    )
    with bulk_writes(settings):
        import_file(folder / "items.json", section="politics")
        (folder / "export.xml").write_text(wxr_export(folder), encoding="utf-8")
        import_wxr(folder / "export.xml", uploads=folder / "uploads", section="politics")
    pages = list(ArticlePage.objects.live().filter(source_uri__startswith="urn:xss:")) + list(
        ArticlePage.objects.live().exclude(source_uri__startswith="urn:xss:")
    )
    assert len(pages) == 2 * IMPORTED_ITEMS

    reader = Reader(browser, live_server.url)
    client = Client()
    for page in pages:
        reader.visit(page.url)
        shown = [("h1", page.title), (".dek", page.dek)]
        # The article's text as stored, line by line, is what the reader sees.
        shown += [(".article-body", line) for line in page.body_text().splitlines()]
        shown += [(".byline a", author.name) for author in page.authors()]
        shown += [(".article-tags a", tag.name) for tag in page.tags.all()]
        if page.hero_image:
            shown += [
                ("figure.hero figcaption", page.caption),
                ("figure.hero figcaption", page.hero_image.agency),
            ]
        reader.assert_shown(shown)
        assert squeeze(page.title[:110]) in squeeze(json_ld_strings(reader)), page.url
    # Vectors that are text, not markup, are kept as text by the importers:
    # the pages were not emptied by the sanitiser.
    stored = set(marker_ids(" ".join(page.text() for page in pages)))
    textual = {vector.id for vector in VECTORS if "<" not in vector.text}
    assert textual <= stored, sorted(textual - stored)
    section.refresh_from_db()
    reader.visit(section.url)
    reader.visit("/")
    titles = {page.title for page in pages}
    for path in ["/feed/", "/feed/atom/", "/feed/json/", f"/feed/section/{section.slug}/"]:
        assert_feed_escapes(client, path, titles)
        reader.visit(path, html=False)
    reader.visit(f"/api/v2/articles/{pages[0].pk}/", html=False)
    reader.close()
    assert not reader.executions, "\n".join(map(str, reader.executions))
    assert not reader.injected, "\n".join(map(str, reader.injected[:40]))
    assert not reader.foreign, reader.foreign[:20]
