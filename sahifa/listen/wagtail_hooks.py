from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from sahifa.core.permissions import ReportsMenuItem

from . import admin_urls
from .models import PronunciationEntry


class PronunciationViewSet(SnippetViewSet):
    model = PronunciationEntry
    icon = "openquote"
    menu_label = "معجم النطق"
    menu_name = "pronunciation-lexicon"
    add_to_admin_menu = False
    list_display = ["term", "spoken", "note"]
    search_fields = ["term", "spoken"]
    ordering = ["term"]


register_snippet(PronunciationViewSet)


@hooks.register("register_admin_urls")
def register_listen_admin_urls():
    return [path("listen/", include(admin_urls, namespace="listen_admin"))]


@hooks.register("register_reports_menu_item")
def register_audio_report_menu_item():
    return ReportsMenuItem(
        "أصوات المقالات",
        reverse("listen_admin:report"),
        name="article-audio",
        icon_name="media",
        order=1500,
    )
