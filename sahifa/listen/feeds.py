"""Podcast RSS 2.0 with the iTunes namespace: the latest articles that have
audio, site-wide or for one section."""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import escape

from sahifa.core.feedgen import WellFormedFeedMixin

from . import services

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


class PodcastFeed(WellFormedFeedMixin, Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:itunes"] = ITUNES_NS
        return attrs

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.addQuickElement("itunes:summary", feed["itunes_summary"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", "", {"href": feed["itunes_image"]})
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["itunes_author"])
        if feed.get("itunes_email"):
            handler.addQuickElement("itunes:email", feed["itunes_email"])
        handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:category", "", {"text": "News"})
        handler.startElement("image", {})
        handler.addQuickElement("url", feed["itunes_image"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", item["itunes_duration"])
        handler.addQuickElement("itunes:summary", item["itunes_summary"])
        handler.addQuickElement("itunes:episodeType", "full")
        handler.addQuickElement("itunes:explicit", "false")
        if item.get("itunes_author"):
            handler.addQuickElement("itunes:author", item["itunes_author"])


def build_feed(request, site_name: str, section=None) -> PodcastFeed:
    root = request.build_absolute_uri("/").rstrip("/")
    if section is not None:
        title = f"{site_name}: استمع إلى أخبار {section.title}"
        description = f"النسخ الصوتية من أحدث مقالات قسم {section.title} في {site_name}."
        link = section.get_full_url(request)
    else:
        title = f"{site_name}: استمع للمقالات"
        description = f"النسخ الصوتية من أحدث مقالات {site_name}، مقروءة آلياً بالعربية."
        link = f"{root}/"
    feed = PodcastFeed(
        title=title,
        link=link,
        description=escape(description),
        itunes_summary=description,
        language="ar",
        feed_url=request.build_absolute_uri(),
        author_name=site_name,
        feed_copyright=f"© {site_name}",
        itunes_author=site_name,
        itunes_email=settings.SAHIFA_CONTACT_EMAIL,
        itunes_image=request.build_absolute_uri(static("listen/podcast-cover.png")),
    )
    for page, record in services.podcast_episodes(section):
        url = page.get_full_url(request)
        authors = "، ".join(author.name for author in page.authors())
        feed.add_item(
            title=page.title,
            link=url,
            # <description> is HTML to RSS readers; itunes:summary is plain text.
            description=escape(page.dek or page.title),
            itunes_summary=page.dek or page.title,
            unique_id=f"{url}#audio-{record.text_hash[:12]}",
            unique_id_is_permalink=False,
            pubdate=page.first_published_at,
            updateddate=page.last_updated_at or page.first_published_at,
            author_name=authors or site_name,
            enclosures=[
                Enclosure(
                    services.absolute_media_url(record.audio.name, page),
                    str(record.size),
                    "audio/mpeg",
                )
            ],
            itunes_duration=services.clock(record.duration),
            itunes_author=authors or site_name,
        )
    return feed
