from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from . import health


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """Liveness: 200 whenever this process answers, so an orchestrator does
    not restart a healthy web server because the database is away; the body
    says what is down ({"status": "ok" | "degraded" | "down", ...})."""
    return _no_store(JsonResponse(health.liveness()))


def readyz(request):
    """Readiness for load balancers: 200 "ok", 200 "degraded" (still
    serving; details in the body), 503 "down" (no database: send traffic
    elsewhere)."""
    report = health.readiness()
    return _no_store(JsonResponse(report, status=503 if report["status"] == health.DOWN else 200))
