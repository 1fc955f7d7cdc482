"""Requests whose path holds a control character, noncharacter or lone
surrogate are answered 404 before any view runs: no page, slug or file can
have such a name (stored text is cleaned, `text.py`), and PostgreSQL refuses
NUL in a query, so `/tags/%00/` was a 500."""

from __future__ import annotations

from django.http import Http404

from .text import is_clean


class CleanPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_clean(request.path):
            raise Http404("no such page")
        return self.get_response(request)
