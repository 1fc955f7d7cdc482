from django.conf import settings


def site_chrome(request):
    """What every public page's header and footer need."""
    from sahifa.sections.models import SectionPage

    return {
        "nav_sections": SectionPage.objects.live().in_menu().order_by("path"),
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
