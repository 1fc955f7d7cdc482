import csv

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from sahifa.articles.models import ArticlePage
from sahifa.core.permissions import require_reports_permission
from sahifa.sections.models import SectionPage

from . import services
from .blocks import render_lists
from .charts import bar_chart


def blocks(request):
    """The two lists as an HTML fragment, for pages served from a full-page
    cache (audience.js swaps it in). Cached briefly by browsers and proxies."""
    section = None
    if request.GET.get("section"):
        try:
            section = SectionPage.objects.live().public().get(pk=int(request.GET["section"]))
        except (ValueError, OverflowError, SectionPage.DoesNotExist) as error:
            raise Http404 from error
    html, _ = render_lists(section, request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "public, max-age=10"
    return response


# -- admin (registered in wagtail_hooks) -------------------------------------
class Echo:
    def write(self, value):
        return value


@require_reports_permission
def export_csv(request, page_id: int | None = None):
    try:
        days = min(max(int(request.GET.get("days", 30)), 1), 3660)
    except ValueError:
        days = 30
    writer = csv.writer(Echo())
    rows = services.export_rows(days=days, page_id=page_id)
    # A BOM so spreadsheet programs read the Arabic titles as UTF-8.
    stream = (("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows))
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    name = f"audience-{page_id or 'all'}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_reports_permission
def article_stats(request, page_id: int):
    page = get_object_or_404(ArticlePage, pk=page_id)
    hourly = services.hourly_series(page.pk, hours=48)
    daily = services.daily_series(page.pk, days=30)
    local = timezone.get_current_timezone()
    hourly_chart = bar_chart(
        [(timezone.localtime(p["time"], local).strftime("%H:00"), p["views"]) for p in hourly],
        title=f"القراءات الفريدة في كل ساعة خلال آخر 48 ساعة: {page.title}",
    )
    daily_chart = bar_chart(
        [(p["time"].strftime("%m-%d"), p["views"]) for p in daily],
        title=f"القراءات الفريدة في كل يوم خلال آخر 30 يوماً: {page.title}",
        label_every=5,
    )
    return TemplateResponse(
        request,
        "audience/admin/article_stats.html",
        {
            "page": page,
            "hourly_chart": hourly_chart,
            "daily_chart": daily_chart,
            "totals_48h": {
                key: sum(p[key] for p in hourly) for key in ("views", "pageviews", "shares")
            },
            "totals_30d": {
                key: sum(p[key] for p in daily) for key in ("views", "pageviews", "shares")
            },
            "header_title": f"إحصاءات القراءة: {page.title}",
        },
    )
