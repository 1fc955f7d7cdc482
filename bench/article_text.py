"""The demo stories' bodies as Sahifa reads them: ninjs body HTML → body
blocks (the importer's converter) → the article's text
(`sahifa.articles.body`: paragraphs, sub-headings, quotes; no captions or
«اقرأ أيضاً» titles). Used by the relevance benchmarks so they measure the
text production indexes, not a regex strip of the HTML."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.test")
django.setup()

from sahifa.articles.body import body_text  # noqa: E402
from sahifa.importers.html import html_to_blocks  # noqa: E402


def body_text_of_html(html: str) -> str:
    return body_text([{"type": kind, "value": value} for kind, value in html_to_blocks(html)])
