"""The editors' view of audio: one row per article with its status."""

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from sahifa.core.permissions import PUBLISHERS, REPORTS_PERMISSION

from . import services
from .models import ArticleAudio


class AudioStatusFilterSet(WagtailFilterSet):
    class Meta:
        model = ArticleAudio
        fields = ["status"]


class AudioReportView(ReportView):
    page_title = "أصوات المقالات"
    # Editors and admins only (sahifa/core/permissions.py).
    permission_policy = PUBLISHERS
    permission_required = REPORTS_PERMISSION
    header_icon = "media"
    filterset_class = AudioStatusFilterSet
    index_url_name = "listen_admin:report"
    index_results_url_name = "listen_admin:report_results"
    is_searchable = True
    search_fields = ["page__title"]
    default_ordering = "-requested_at"
    columns = [
        TitleColumn(
            "page",
            label="المقال",
            accessor="page.title",
            url_name="wagtailadmin_pages:edit",
            id_accessor="page_id",
        ),
        Column("status", label="الحالة", accessor="get_status_display", sort_key="status"),
        Column("length", label="المدة", accessor="length"),
        Column("reason", label="السبب", accessor="reason"),
        Column("attempts", label="المحاولات", accessor="attempts"),
        DateColumn("generated_at", label="أُنشئ في", sort_key="generated_at"),
    ]
    list_export = ["page.title", "status", "duration", "size", "reason", "engine", "generated_at"]
    export_headings = {"page.title": "المقال", "status": "الحالة", "duration": "المدة (ثانية)"}

    def get_base_queryset(self):
        return ArticleAudio.objects.select_related("page")

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def decorate_paginated_queryset(self, object_list):
        for record in object_list:
            record.length = services.clock(record.duration) if record.duration else "—"
        return object_list
