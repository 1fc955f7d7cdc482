"""The newsroom admin reads in Arabic: our catalogue (sahifa/locale) is
compiled and wins over Wagtail's, the login page and tab titles carry the
newsroom's name, and the main admin screens show no English interface words
(editors' own data, such as Latin names in headlines, is not checked)."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Page

from sahifa.home.models import HomePage
from sahifa.home.services import ensure_site

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "sahifa" / "locale" / "ar" / "LC_MESSAGES"


def read_po(path: Path) -> dict[str, str]:
    entries, key, field = {}, None, None
    parts: dict[str, list[str]] = {}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            parts[field] = [rest]
        elif line.startswith('"') and field:
            parts[field].append(line)
        elif not line.strip() and "msgid" in parts:
            key = _unquote(parts["msgid"])
            if key:
                entries[key] = _unquote(parts.get("msgstr", ['""']))
            parts, field = {}, None
    return entries


def _unquote(chunks: list[str]) -> str:
    return "".join(c[1:-1].replace('\\"', '"').replace("\\\\", "\\") for c in chunks)


def test_the_compiled_catalogue_matches_its_source_and_wins():
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) >= 20
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = {k for k, v in entries.items() if compiled.gettext(k) != v}
    assert not stale, f"run msgfmt -o django.mo django.po: {sorted(stale)}"
    with translation.override("ar"):
        assert translation.gettext("Snippets") == entries["Snippets"]
        assert translation.gettext("View live") == entries["View live"]


class VisibleText(HTMLParser):
    """Text a sighted editor sees: no scripts, templates or hidden nodes."""

    SKIP = {"script", "style", "template", "svg", "option", "select"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (
            tag in self.SKIP
            or "hidden" in attrs
            or "w-sr-only" in (attrs.get("class") or "")
            or (self.stack and self.stack[-1])
        )
        if tag not in {"br", "img", "input", "meta", "link", "hr", "use", "path", "source"}:
            self.stack.append(bool(hidden))
        if not hidden:
            for name in ("placeholder", "aria-label", "title"):
                if attrs.get(name):
                    self.out.append(attrs[name])

    def handle_endtag(self, tag):
        if self.stack and tag not in {"br", "img", "input", "meta", "link", "hr"}:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1]):
            self.out.append(data.strip())


def english_words(html: str, allowed: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for text in parser.out:
        # A URL in a help text is an example address, not a word.
        text = re.sub(r"https?://\S+", "", text)
        for word in re.findall(r"[A-Za-z]{3,}", text):
            if word not in allowed:
                found.add(word)
    return found


@pytest.fixture
def admin_client(client, home, make_article):
    user = get_user_model().objects.create_superuser("admin", password="x" * 16)
    client.force_login(user)
    return client


def test_login_page_and_titles_name_the_newsroom(client, home):
    html = client.get("/admin/login/").content.decode()
    assert "Wagtail" not in re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert f"تسجيل الدخول إلى غرفة أخبار {settings.WAGTAIL_SITE_NAME}" in html
    # Proper names only: the no-JavaScript notice and Wagtail's logo label.
    assert not english_words(html, allowed={"JavaScript", "Wagtail"})


def test_main_admin_screens_show_no_english_interface_words(admin_client, home, make_article):
    # As setup_site leaves the tree: no Wagtail welcome page, the root named.
    Page.objects.filter(depth=2).not_type(HomePage).delete()
    ensure_site()
    article = make_article(title="خبر للتجربة")
    # Editors' data may be Latin (names in headlines); the interface may not.
    allowed = {"JavaScript", "XLSX", "CSV", "admin", "English", "Wagtail"}
    pages = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.id}/",
        f"/admin/pages/{article.id}/edit/",
        f"/admin/pages/{article.id}/history/",
        "/admin/snippets/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/reports/locked/",
    ]
    leaks = {}
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), allowed)
        if words:
            leaks[url] = sorted(words)
    assert not leaks, leaks


def test_autosave_is_off_by_default(admin_client, home):
    html = admin_client.get(f"/admin/pages/add/articles/articlepage/{home.id}/").content.decode()
    assert "data-w-autosave-interval-value" not in html
