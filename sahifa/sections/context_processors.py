from sahifa.core import visibility

from .models import SectionPage


def navigation(request):
    """The header's section menu (sections shown in menus, in tree order)."""
    # One query: the restriction check is a subquery (core.visibility).
    sections = visibility.visible(SectionPage.objects.in_menu()).order_by("path")
    return {"nav_sections": sections}
