from .models import SectionPage


def navigation(request):
    """The header's section menu (sections shown in menus, in tree order)."""
    return {"nav_sections": SectionPage.objects.live().public().in_menu().order_by("path")}
