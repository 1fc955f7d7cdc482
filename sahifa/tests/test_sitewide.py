"""What every process keeps between uncached renders (core/sitewide.py: the
site, its settings, the section menu, the footer, breadcrumb ancestors; the
images' rendition lists in Wagtail's rendition cache) is read again as soon
as it changes: the next uncached render after a save shows the change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from sahifa.core import pagecache, sitewide
from sahifa.core.models import (
    RENDITIONS_OF,
    SahifaImage,
    SahifaRendition,
    SiteSettings,
    attach_renditions,
)
from sahifa.related.models import RelatedSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rankings_stay_warm")]


def _sql(client, url) -> tuple[str, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return "\n".join(q["sql"] for q in ctx.captured_queries), response.content.decode()


def test_site_settings_change_shows_on_the_next_render(
    client, make_article, django_capture_on_commit_callbacks
):
    story = make_article(title="خبر عن الإعدادات")
    row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    client.get(story.url)
    sql, _ = _sql(client, story.url)
    # Kept: neither the site nor its settings are read again.
    assert "core_sitesettings" not in sql
    assert 'FROM "wagtailcore_site"' not in sql

    with django_capture_on_commit_callbacks(execute=True):
        row.tagline = "شعار جديد للاختبار"
        row.save()
    sql, html = _sql(client, story.url)
    assert "شعار جديد للاختبار" in html
    assert "core_sitesettings" in sql  # read once more, then kept again
    assert "core_sitesettings" not in _sql(client, story.url)[0]


def test_other_site_setting_change_is_seen(
    client, make_article, django_capture_on_commit_callbacks
):
    """RelatedSettings (not one the lifecycle names) purges too."""
    story = make_article(title="خبر عن إعدادات الروابط")
    site = Site.objects.get(is_default_site=True)
    client.get(story.url)
    request_conf = RelatedSettings.for_site(site)
    before = sitewide.remember(("setting", RelatedSettings._meta.label, site.pk), lambda: None)
    assert before is not None and before.auto_read_also == request_conf.auto_read_also
    with django_capture_on_commit_callbacks(execute=True):
        request_conf.auto_read_also = not request_conf.auto_read_also
        request_conf.save()
    client.get(story.url)
    after = sitewide.remember(("setting", RelatedSettings._meta.label, site.pk), lambda: None)
    assert after is not None and after.auto_read_also == request_conf.auto_read_also


def test_section_renamed_shows_in_menu_and_breadcrumb(
    client, make_article, django_capture_on_commit_callbacks
):
    story = make_article(title="خبر في قسم سيتغير اسمه")
    client.get(story.url)
    section = story.get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        section.title = "قسم باسم جديد تماماً"
        section.save_revision().publish()
    _, html = _sql(client, story.url)
    # The header menu and the breadcrumb (and its JSON-LD) all name it.
    assert html.count("قسم باسم جديد تماماً") >= 2


def test_nothing_is_kept_while_the_purge_log_is_unreadable(client, make_article, monkeypatch):
    story = make_article(title="خبر والسجل معطل")
    client.get(story.url)
    monkeypatch.setattr(pagecache, "sitewide_seq", lambda: None)
    sql, _ = _sql(client, story.url)
    assert "core_sitesettings" in sql


def test_a_new_rendition_reaches_the_cached_list(make_image):
    """The rendition list an image keeps in the cache is dropped when one of
    its renditions is made (Wagtail bulk-creates them: no post_save)."""
    image = make_image()
    image.get_renditions("width-300")
    backend = SahifaRendition.cache_backend
    listed = SahifaImage.objects.get(pk=image.pk)
    attach_renditions([listed])
    # Read when a rendition is first asked for (a kept card asks for none).
    assert backend.get(RENDITIONS_OF.format(image.pk)) is None
    listed.get_renditions("width-300")
    cached = backend.get(RENDITIONS_OF.format(image.pk))
    assert [r.filter_spec for r in cached] == ["width-300"]
    image.get_renditions("width-200", "width-100")
    assert backend.get(RENDITIONS_OF.format(image.pk)) is None
    fresh = SahifaImage.objects.get(pk=image.pk)
    attach_renditions([fresh])
    fresh.get_rendition("width-100")
    assert sorted(r.filter_spec for r in fresh.prefetched_renditions) == [
        "width-100",
        "width-200",
        "width-300",
    ]


def test_a_purge_from_another_process_refreshes_what_is_kept(client, make_article):
    """Another process's change reaches this one only through the shared
    purge log: a row changed without any signal here is shown once a
    site-wide purge is logged, and not before."""
    story = make_article(title="خبر وعملية أخرى")
    client.get(story.url)
    SiteSettings.objects.update(tagline="شعار من عملية أخرى")  # no signal in this process
    assert "شعار من عملية أخرى" not in client.get(story.url).content.decode()
    pagecache.invalidate()  # what the other process's commit logs
    assert "شعار من عملية أخرى" in client.get(story.url).content.decode()
