from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from sahifa.articles.models import ArticlePage
from sahifa.sections.models import SectionPage

from .models import HomePage

TOP_PER_SECTION = 4
LATEST_COUNT = 10


def front_page(home) -> dict:
    """Lead story, latest stories and the top stories of each section."""
    latest = list(
        ArticlePage.objects.live().descendant_of(home).for_listing().recent()[: LATEST_COUNT + 1]
    )
    lead = home.lead_article if home.lead_article and home.lead_article.live else None
    if lead is None and latest:
        lead = latest[0]
    latest = [a for a in latest if lead is None or a.pk != lead.pk][:LATEST_COUNT]
    sections = []
    for section in SectionPage.objects.live().child_of(home).order_by("path"):
        stories = list(section.articles()[:TOP_PER_SECTION])
        if stories:
            sections.append({"section": section, "stories": stories})
    return {"lead": lead, "latest": latest, "sections": sections}


@transaction.atomic
def ensure_site() -> HomePage:
    """Replace Wagtail's welcome page with our home page (once) and point the
    default site at SITE_URL, so canonical and share links are right."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="الرئيسية", slug="home-ar"))
        home.save_revision().publish()
        for welcome in Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage):
            welcome.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    url = urlsplit(settings.SITE_URL)
    site.hostname = url.hostname or "localhost"
    site.port = url.port or (443 if url.scheme == "https" else 80)
    site.root_page = home
    site.site_name = settings.WAGTAIL_SITE_NAME
    site.save()
    return home
