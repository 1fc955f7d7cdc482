"""Fixtures shared by every app's tests: a small site built in code."""

import pytest
from wagtail.models import Page, Site

from sahifa.home.models import HomePage
from sahifa.sections.models import SectionPage


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches: database rows are rolled back
    between tests and their ids reused, so a cached rendition or setting of
    an earlier test's image or site would answer for a new one."""
    from django.core.cache import caches

    from sahifa.core import sitewide

    for cache in caches.all():
        cache.clear()
    sitewide.clear()


@pytest.fixture
def rankings_stay_warm(settings):
    """For tests that count a page's queries: the most-read/trending rails
    are cached for SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS (5 s), and a refresh
    landing between the warm-up and the counted render (a slow machine) would
    count its queries too."""
    settings.SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS = 3600


def _ensure_tree_roots():
    """Migrations create the root page, locale and root collection; a
    transactional test's flush removes them, so recreate when missing."""
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code="ar")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=Locale.objects.first())
    return root


@pytest.fixture
def home(db):
    root = _ensure_tree_roots()
    home = root.add_child(instance=HomePage(title="الرئيسية", slug="front"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="صحيفة"
    )
    return home


@pytest.fixture
def section(home):
    section = home.add_child(
        instance=SectionPage(title="سياسة", slug="politics", show_in_menus=True)
    )
    return section


@pytest.fixture
def make_section(home):
    def _make(slug, title):
        return home.add_child(instance=SectionPage(title=title, slug=slug, show_in_menus=True))

    return _make


def _picture(name="hero.jpg", size=(1600, 900)):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (120, 30, 40)).save(buffer, "JPEG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def make_image(db):
    from sahifa.core.models import SahifaImage

    def _make(title="صورة", caption="", photographer="", agency="AFP", size=(1600, 900)):
        return SahifaImage.objects.create(
            title=title,
            file=_picture(size=size),
            caption=caption,
            photographer=photographer,
            agency=agency,
        )

    return _make


@pytest.fixture
def make_article(section):
    """Publish an article with a realistic body; returns the live page."""
    from sahifa.articles.models import ArticleAuthor, ArticlePage
    from sahifa.authors.models import Author

    def _make(
        title="خبر تجريبي",
        parent=None,
        body=None,
        tags=(),
        authors=(),
        hero=None,
        dek="ملخص الخبر",
        publish=True,
    ):
        page = ArticlePage(
            title=title,
            live=False,
            dek=dek,
            hero_image=hero,
            body=body
            if body is not None
            else [
                ("paragraph", "<p>فقرة أولى من الخبر تذكر شركة SpaceX ومؤتمر SXSW.</p>"),
                ("subheading", "عنوان فرعي"),
                ("paragraph", "<p>فقرة ثانية فيها رقم 2024 ونسبة 3.5%.</p>"),
            ],
        )
        for index, name in enumerate(authors):
            author, _ = Author.objects.get_or_create(
                name=name, defaults={"slug": f"author-{Author.objects.count() + 1}"}
            )
            page.article_authors.add(ArticleAuthor(author=author, sort_order=index))
        (parent or section).add_child(instance=page)
        page.tags.add(*tags)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return _make


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    import os

    from playwright.sync_api import sync_playwright

    from sahifa.core.browser import launch

    # Playwright's sync API runs an event loop in this thread; the live
    # server's database work happens in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def artifacts_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run an action and everything it queues after commit (tasks run
    inline under the test settings), as the worker would."""

    def _run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return _run


@pytest.fixture
def page_cache(settings, home):
    """The anonymous page cache switched on, with kept parts as in
    production (core/parts.py), empty before and after."""
    from django.core.cache import caches

    from sahifa.core import pagecache
    from sahifa.core.models import SiteSettings

    SiteSettings.for_site(home.get_site())  # created on first use, which invalidates
    settings.PAGE_CACHE_SECONDS = 30
    settings.PART_CACHE_SECONDS = 30
    caches["pages"].clear()
    pagecache.clear()
    yield
    caches["pages"].clear()
    pagecache.clear()


@pytest.fixture
def consumer_calls(monkeypatch):
    """Replace every lifecycle consumer's sync with a recorder: the list of
    (consumer name, page id) it fills tells who heard an event."""
    from sahifa.articles import lifecycle

    calls: list[tuple[str, int]] = []
    for consumer in lifecycle.consumers():
        spy = lifecycle.Consumer(
            consumer.name,
            sync=lambda page_id, name=consumer.name: calls.append((name, page_id)),
            refresh=consumer.refresh,
            inline=consumer.inline,
        )
        monkeypatch.setitem(lifecycle._consumers, consumer.name, spy)
    return calls


def article_form_data(**fields) -> dict:
    """POST data for the admin's article form: `fields` as given, every inline
    formset and StreamField of the form empty unless given (features and
    new fields add theirs, so tests never list them by hand)."""
    from wagtail.fields import StreamField
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from sahifa.articles.models import ArticlePage

    form_class = ArticlePage.get_edit_handler().get_form_class()
    data: dict = {"tags": ""}
    for prefix in form_class.formsets:
        data[prefix] = inline_formset([])
    for field in ArticlePage._meta.get_fields():
        if isinstance(field, StreamField) and field.name in form_class.base_fields:
            data[field.name] = streamfield([])
    data.update(fields)
    return nested_form_data(data)
