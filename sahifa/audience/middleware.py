"""The beacon's fast paths. A hit needs no session, auth, CSRF, template or
URL resolution, and it is the most frequent request a news site gets, so it
is answered before all of them: by BeaconMiddleware (first in MIDDLEWARE)
and, under the WSGI server, by `with_beacon` around the application, which
also skips building a Django request."""

from urllib.parse import parse_qsl

from django.http import HttpResponse, HttpResponseNotAllowed

from sahifa.core.security import client_ip

from .services import record_hit

BEACON_PATH = "/audience/hit"
NO_STORE = [("Cache-Control", "no-store"), ("Content-Length", "0")]


def handle(meta: dict) -> None:
    """Count the hit described by a WSGI environ / request.META.
    /audience/hit?p=<page id>&e=v|s[&n=<network>]. Browsers mark cross-site
    requests: only our own pages may count."""
    if meta.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return
    params = dict(parse_qsl(meta.get("QUERY_STRING", "")[:200]))
    record_hit(
        params.get("p"),
        params.get("e", ""),
        ip=client_ip(meta),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:512],
        network=params.get("n", ""),
    )


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != BEACON_PATH:
            return self.get_response(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        handle(request.META)
        response = HttpResponse(status=204)
        response["Cache-Control"] = "no-store"
        return response


def with_beacon(application):
    """Wrap the WSGI application (sahifa/wsgi.py). Always 204 for a POST: a
    client learns nothing about what counted."""

    def audience_application(environ, start_response):
        if environ.get("PATH_INFO") != BEACON_PATH:
            return application(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            return application(environ, start_response)  # Django answers 405
        handle(environ)
        start_response("204 No Content", NO_STORE)
        return [b""]

    return audience_application
