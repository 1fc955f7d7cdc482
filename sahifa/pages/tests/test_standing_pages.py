"""About, Contact, Privacy and Corrections policy: created once by
setup_site, editable, linked from every page's footer."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from sahifa.pages.models import InfoPage
from sahifa.pages.services import STANDING_PAGES, ensure_standing_pages

pytestmark = pytest.mark.django_db


def test_setup_site_creates_the_pages_once(home, settings, capsys):
    settings.SAHIFA_CONTACT_EMAIL = "desk@sahifa.example"
    call_command("setup_site")
    out = capsys.readouterr().out
    assert "أُنشئت 4 صفحات" in out
    assert set(InfoPage.objects.live().values_list("slug", flat=True)) == {
        spec.slug for spec in STANDING_PAGES
    }
    contact = InfoPage.objects.get(slug="contact")
    assert "mailto:desk@sahifa.example" in contact.body
    # Editors' changes survive another setup.
    about = InfoPage.objects.get(slug="about")
    about.title = "عن صحيفتنا"
    about.save_revision().publish()
    call_command("setup_site")
    assert InfoPage.objects.count() == 4
    assert InfoPage.objects.get(slug="about").title == "عن صحيفتنا"


def test_footer_links_and_page_render(client, home, make_article):
    ensure_standing_pages(home)
    article = make_article()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    footer = [(a.get_text(), a["href"]) for a in soup.select(".site-footer .footer-pages a")]
    assert footer == [
        ("من نحن", "/about/"),
        ("اتصل بنا", "/contact/"),
        ("سياسة الخصوصية", "/privacy/"),
        ("سياسة التصحيحات", "/corrections-policy/"),
    ]
    page = BeautifulSoup(client.get("/corrections-policy/").content, "html.parser")
    assert page.h1.get_text() == "سياسة التصحيحات"
    assert "التصحيحات والتحديثات" in page.select_one(".info-body").get_text()
    assert page.select_one('meta[name="description"]')["content"].startswith("كيف تصحّح")


def test_unpublished_or_hidden_page_leaves_the_footer(client, home):
    ensure_standing_pages(home)
    InfoPage.objects.get(slug="privacy").unpublish()
    InfoPage.objects.filter(slug="contact").update(show_in_menus=False)
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    assert [a.get_text() for a in soup.select(".footer-pages a")] == ["من نحن", "سياسة التصحيحات"]
