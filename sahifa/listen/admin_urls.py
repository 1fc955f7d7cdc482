from django.urls import path

from .admin_views import AudioReportView

app_name = "listen_admin"

urlpatterns = [
    path("", AudioReportView.as_view(), name="report"),
    path("results/", AudioReportView.as_view(results_only=True), name="report_results"),
]
