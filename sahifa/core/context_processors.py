from django.conf import settings


def site_chrome(request):
    """What every public page's header and footer need from the site itself
    (the section menu comes from sahifa.sections.context_processors)."""
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
