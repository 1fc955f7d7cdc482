import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.utils._os import safe_join
from django.views.decorators.http import require_GET

from sahifa.sections.models import SectionPage

from .feeds import build_feed
from .models import ArticleAudio


@require_GET
def podcast(request, section_slug: str | None = None):
    section = None
    if section_slug is not None:
        section = SectionPage.objects.live().public().filter(slug=section_slug).first()
        if section is None:
            raise Http404("لا يوجد قسم بهذا الاسم")
    feed = build_feed(request, settings.WAGTAIL_SITE_NAME, section)
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
_TYPES = {".mp3": "audio/mpeg", ".vtt": "text/vtt; charset=utf-8"}


def serve_audio(request, path: str):
    """Media under audio/ for the embedded default (SERVE_MEDIA), with HTTP
    Range support: without it browsers cannot seek in the audio. Only the
    current files of an article the public may see are served (a stray or
    replaced file, or one whose article was restricted a moment ago, is a
    404). File names carry a random part, so they are cached for good."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    record = (
        ArticleAudio.objects.filter(Q(audio=path) | Q(timings=path)).select_related("page").first()
    )
    if record is None or not record.page.is_visible():
        raise Http404("لا يوجد ملف صوتي بهذا الاسم")
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    if not full.is_file():
        raise Http404("لا يوجد ملف صوتي بهذا الاسم")
    size = full.stat().st_size
    content_type = _TYPES.get(full.suffix, "application/octet-stream")
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if match and (match[1] or match[2]):
        if match[1]:
            start = int(match[1])
            end = min(int(match[2]), size - 1) if match[2] else size - 1
        else:  # the last N bytes
            start, end = max(0, size - int(match[2])), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with full.open("rb") as handle:
            handle.seek(start)
            body = handle.read(end - start + 1) if request.method == "GET" else b""
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
