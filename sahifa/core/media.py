"""Serving uploads from MEDIA_ROOT when the app does it itself (SERVE_MEDIA,
the embedded default), confined to the folders readers may fetch.

Django decodes the URL once before routing, so `/media/images/%2e%2e/documents/x`
arrives as `images/../documents/x`, and `django.views.static.serve` normalises
that to a file outside images/. Here a path is refused unless it is plain
segments (no `..`, `.`, empty or hidden segment, no backslash, NUL or
leftover `%` of a second encoding) under an allowed folder, and its real
location (symlinks followed) is still inside that folder. Wagtail documents
are never among the folders: they go through `/documents/<id>/<name>`, whose
view checks collection privacy."""

import os
import posixpath
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.views import static

# What readers may fetch straight from disk: image files and renditions.
# Audio is routed to sahifa.listen's Range-aware view behind the same guard.
IMAGE_FOLDERS = ("images", "original_images")
# Never valid in a media path, before or after decoding.
_FORBIDDEN = ("\\", "\x00", "%")
# An upload's own media headers: nothing in a file served from here may run.
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


def confine(path: str, folders: Iterable[str]) -> Path | None:
    """The file `path` (relative to MEDIA_ROOT) names, if it is a plain path
    inside one of `folders` and really lies there; else None."""
    # A literal % left after Django's own decoding is a second encoding
    # (%252e%252e): refused rather than decoded, since no stored name has one
    # (storage keeps letters, digits, -, _ and . only).
    if not path or any(char in path for char in _FORBIDDEN):
        return None
    segments = path.split("/")
    if segments[0] not in folders or len(segments) < 2:
        return None
    # Empty (//, leading /), current or parent segments, and hidden files.
    if any(not segment or segment.startswith(".") for segment in segments):
        return None
    if posixpath.normpath(path) != path:
        return None
    root = Path(os.path.realpath(settings.MEDIA_ROOT))
    folder = root / segments[0]
    # Symlinks are followed and the result must still be inside the folder.
    real = Path(os.path.realpath(root.joinpath(*segments)))
    if not real.is_relative_to(folder) or real == folder or not real.is_file():
        return None
    return real


def confined(view: Callable, folders: Iterable[str]) -> Callable:
    """Wrap a media view taking `path`: it only ever sees a confined path
    relative to MEDIA_ROOT; anything else is a 404."""
    folders = tuple(folders)

    @wraps(view)
    def guarded(request, path: str, *args, **kwargs):
        real = confine(path, folders)
        if real is None:
            raise Http404("لا يوجد ملف بهذا الاسم")
        relative = real.relative_to(os.path.realpath(settings.MEDIA_ROOT)).as_posix()
        return view(request, relative, *args, **kwargs)

    return guarded


def _serve_file(request, path: str):
    response = static.serve(request, path, document_root=os.path.realpath(settings.MEDIA_ROOT))
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


serve_image = confined(_serve_file, IMAGE_FOLDERS)
serve_image.__doc__ = "Images and renditions under MEDIA_ROOT (SERVE_MEDIA)."


def refuse(request, path: str):
    """Everything else under MEDIA_URL (documents/, unknown folders)."""
    raise Http404("لا يوجد ملف بهذا الاسم")
