from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage


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
    # The tree's root is shown to editors in the admin explorer: in Arabic.
    Page.objects.filter(depth=1, title="Root").update(title="جذر الموقع", draft_title="جذر الموقع")
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
