"""Feed generators that stay well-formed XML whatever the database holds.

Django's XML writer refuses some control characters (a 500) and lets others
through (U+FFFE: a feed no parser accepts). Text is cleaned when saved
(`text.py`), but rows stored before that rule, or written by raw SQL, must
not break the site's and the podcast feeds: the feed is cleaned once more
as it is written."""

from __future__ import annotations

from django.utils.feedgenerator import Enclosure, SyndicationFeed

from .text import clean_data, clean_text


class WellFormedFeedMixin:
    """Put first in the bases of any `SyndicationFeed` subclass."""

    def write(self: SyndicationFeed, outfile, encoding):
        self.feed = clean_data(self.feed)
        self.items = [_clean_item(item) for item in self.items]
        return super().write(outfile, encoding)


def _clean_item(item: dict) -> dict:
    cleaned = clean_data(item)
    cleaned["enclosures"] = [
        Enclosure(clean_text(e.url), clean_text(e.length), clean_text(e.mime_type))
        for e in item.get("enclosures") or []
    ]
    return cleaned
