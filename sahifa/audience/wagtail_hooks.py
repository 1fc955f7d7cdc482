from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from sahifa.core.permissions import ReportsMenuItem, can_view_reports

from . import services, views
from .charts import sparkline


class AudiencePanel(Component):
    """Dashboard: the top stories of the last 24 hours, each with a sparkline
    of its hourly reads, links to its chart and the CSV export."""

    name = "audience"
    template_name = "audience/admin/panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = services.top_now(limit=10)
        for row in rows:
            row["spark"] = sparkline([p["views"] for p in row["series"]])
        context["rows"] = rows
        context["trending"] = services.trending(limit=5)
        context["export_url"] = reverse("audience_admin:export")
        return context


@hooks.register("construct_homepage_panels")
def add_audience_panel(request, panels):
    if can_view_reports(request.user):
        panels.append(AudiencePanel())


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import include

    urls = [
        path("export.csv", views.export_csv, name="export"),
        path("article/<int:page_id>/", views.article_stats, name="article"),
        path("article/<int:page_id>/export.csv", views.export_csv, name="article_export"),
    ]
    return [path("audience/", include((urls, "audience_admin"), namespace="audience_admin"))]


@hooks.register("register_reports_menu_item")
def register_export_menu_item():
    return ReportsMenuItem(
        "تصدير إحصاءات القراءة (CSV)",
        reverse("audience_admin:export"),
        icon_name="download",
        order=900,
    )
