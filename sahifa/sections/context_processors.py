from sahifa.core import sitewide, visibility

from .models import SectionPage


def navigation(request):
    """The header's section menu (sections shown in menus, in tree order)."""
    # One query: the restriction check is a subquery (core.visibility).
    # Kept per process until a site-wide purge (a section published, moved,
    # restricted or deleted: core/sitewide.py).
    sections = sitewide.remember(
        "nav_sections",
        lambda: list(visibility.visible(SectionPage.objects.in_menu()).order_by("path")),
    )
    return {"nav_sections": sections}
