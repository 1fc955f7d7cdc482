"""The three importers (ninjs files, WordPress exports, agency wires) write
through one writer: the same stories, each in its source's own format, come
out under the same rules for dates, embargo and relinking."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

import feedparser
import pytest
from django.utils import timezone

from sahifa.articles.models import ArticlePage
from sahifa.importers.models import WireSource
from sahifa.importers.ninjs_import import import_file
from sahifa.importers.wires import import_entry
from sahifa.importers.wordpress import import_wxr

FIRST = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
UPDATED = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


@dataclass
class Story:
    key: str
    title: str
    first: datetime
    updated: datetime
    link_to: str = ""  # key of a story the body links to

    def body(self, address) -> str:
        if not self.link_to:
            return "<p>نص الخبر.</p>"
        return f'<p>انظر <a href="{address(self.link_to)}">الخبر التالي</a>.</p>'


class Ninjs:
    def __init__(self, folder, section):
        self.folder, self.runs = folder, 0

    def address(self, key):
        return f"urn:test:{key}"

    def run(self, stories):
        items = [
            {
                "uri": self.address(story.key),
                "standard": {"name": "ninjs", "version": "2.0"},
                "headlines": [{"role": "main", "value": story.title}],
                "firstcreated": story.first.isoformat(),
                "versioncreated": story.updated.isoformat(),
                "bodies": [{"contenttype": "text/html", "value": story.body(self.address)}],
                **({"embargoed": story.first.isoformat()} if story.first > timezone.now() else {}),
            }
            for story in stories
        ]
        self.runs += 1
        path = self.folder / f"items-{self.runs}.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        import_file(path, section="politics")


class WordPress:
    """A minimal WXR export per run; a scheduled post is WordPress's embargo."""

    BASE = "https://old.example.com"
    IDS = {"a": 1, "b": 2, "c": 3}

    def __init__(self, folder, section):
        self.folder, self.runs = folder, 0

    def address(self, key):
        return f"{self.BASE}/2024/05/01/{key}/"

    def run(self, stories):
        def gmt(value):
            return f"{value:%Y-%m-%d %H:%M:%S}"

        items = "".join(
            f"""<item><title>{escape(story.title)}</title><link>{self.address(story.key)}</link>
            <guid isPermaLink="false">{self.BASE}/?p={self.IDS[story.key]}</guid>
            <content:encoded><![CDATA[{story.body(self.address)}]]></content:encoded>
            <wp:post_id>{self.IDS[story.key]}</wp:post_id><wp:post_name>{story.key}</wp:post_name>
            <wp:post_date_gmt>{gmt(story.first)}</wp:post_date_gmt>
            <wp:post_modified_gmt>{gmt(story.updated)}</wp:post_modified_gmt>
            <wp:status>{"future" if story.first > timezone.now() else "publish"}</wp:status>
            <wp:post_type>post</wp:post_type></item>"""
            for story in stories
        )
        self.runs += 1
        path = self.folder / f"export-{self.runs}.xml"
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>موقع</title>'
            f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{self.BASE}</wp:base_site_url>"
            f"{items}</channel></rss>",
            encoding="utf-8",
        )
        import_wxr(path, uploads=self.folder / "uploads", section="politics")


class Wire:
    """An Atom wire of a publishing source; a future `published` is an embargo."""

    def __init__(self, folder, section):
        self.source = WireSource.objects.create(
            name="وكالة", url="https://wire.example/atom", section=section, publish=True
        )

    def address(self, key):
        return f"https://wire.example/{key}"

    def run(self, stories):
        entries = "".join(
            f"""<entry><title>{escape(story.title)}</title><id>urn:wire:{story.key}</id>
            <link href="{self.address(story.key)}"/>
            <published>{story.first.isoformat()}</published>
            <updated>{story.updated.isoformat()}</updated>
            <content type="html">{escape(story.body(self.address))}</content></entry>"""
            for story in stories
        )
        feed = feedparser.parse(f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>')
        for index, entry in enumerate(feed.entries, start=1):
            import_entry(self.source, entry, index)


def first_paragraph(page):
    return page.body.get_prep_value()[0]["value"]


@pytest.mark.django_db
@pytest.mark.parametrize("importer", [Ninjs, WordPress, Wire], ids=["ninjs", "wordpress", "wire"])
def test_every_importer_follows_the_writer_rules(importer, section, tmp_path):
    source = importer(tmp_path, section)
    embargo = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    source.run(
        [
            Story("a", "خبر أول", FIRST, UPDATED, link_to="b"),
            Story("c", "خبر تحت الحظر", embargo, embargo),
        ]
    )
    first = ArticlePage.objects.get(title="خبر أول")
    # The source's own dates, and its later version as «آخر تحديث».
    assert first.live
    assert (first.first_published_at, first.last_updated_at) == (FIRST, UPDATED)
    # A link to an item not imported yet keeps its address.
    assert f'href="{source.address("b")}"' in first_paragraph(first)

    embargoed = ArticlePage.objects.get(title="خبر تحت الحظر")
    assert not embargoed.live and embargoed.first_published_at is None
    assert embargoed.go_live_at == embargo
    assert embargoed.get_latest_revision().approved_go_live_at == embargo

    source.run([Story("b", "خبر لاحق", FIRST, FIRST)])
    later = ArticlePage.objects.get(title="خبر لاحق")
    assert later.live and later.last_updated_at is None  # one version: no «آخر تحديث»
    first.refresh_from_db()
    assert f'<a linktype="page" id="{later.pk}">الخبر التالي</a>' in first_paragraph(first)
    # Resolving a link is not an editorial update.
    assert (first.first_published_at, first.last_updated_at) == (FIRST, UPDATED)
    assert first.live and not first.has_unpublished_changes
