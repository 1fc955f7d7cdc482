"""The fronts' candidate query at scale (sahifa.sections.fronts._candidates):
one `pk IN (… UNION ALL …)` of small newest-first queries instead of an OR
of `IN (subquery)`, which made PostgreSQL scan the whole page table. The
zones must pick exactly the stories the OR form picked: pins, privacy,
expiry, opinion, and a section whose newest stories are years old."""

from datetime import timedelta

import pytest
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from sahifa.articles.models import ArticlePage
from sahifa.home.front import front_page
from sahifa.home.models import HomePage, HomePin
from sahifa.sections import fronts
from sahifa.sections.models import SectionPage, SectionPin

pytestmark = pytest.mark.django_db


def or_form_candidates(scope, section_depth, zones, pins, strips, opinion_paths):
    """The candidate query as it was before the union: the reference."""
    zones = list(zones)
    visible = ArticlePage.objects.visible()
    with_section = visible.annotate(section_path=Substr("path", 1, section_depth * Page.steplen))
    opinion_q = Q(section_path__in=opinion_paths)
    taken = len(pins) + sum(z.size for z in zones if z.key != fronts.STRIP)
    strip = next((z for z in zones if z.key == fronts.STRIP), None)
    total = taken + (strip.size * len(strips) if strip else 0)
    wanted = Q(pk__in=[p.article_id for p in pins])
    wanted |= Q(pk__in=with_section.descendant_of(scope).recent().values("pk")[:total])
    wanted |= Q(pk__in=with_section.filter(opinion_q).recent().values("pk")[:taken])
    for section in strips:
        recent = with_section.descendant_of(section).recent().values("pk")
        wanted |= Q(pk__in=recent[: taken + strip.size])
    rows = (
        with_section.filter(wanted)
        .annotate(opinion=ExpressionWrapper(opinion_q, output_field=BooleanField()))
        .recent()
        .values_list("pk", "path", "opinion")
    )
    return [fronts._Row(pk, path, bool(opinion)) for pk, path, opinion in rows]


def titles(front: dict) -> dict:
    shown = {}
    for key, value in front.items():
        if key == "lead":
            # The home page's lead is a story, a section front's a list.
            value = (value[0] if value else None) if isinstance(value, list) else value
            shown[key] = value.title if value else None
        elif key in ("strips", "sections"):
            shown[key] = [
                (block["section"].slug, [s.title for s in block["stories"]])
                if isinstance(block, dict)
                else (block[0].slug, [s.title for s in block[1]])
                for block in value
            ]
        elif isinstance(value, list):
            shown[key] = [s.title for s in value]
        else:
            shown[key] = value
    return shown


@pytest.fixture
def site(make_article, make_section, section):
    """Busy politics, a small economy section, opinion, an archive section
    whose stories are five years old, a password-protected section, and an
    expired story."""
    now = timezone.now()
    economy = make_section("economy", "اقتصاد")
    opinion = make_section("opinion", "رأي")
    archive = make_section("archive", "أرشيف")
    private = make_section("private", "خاص")
    SectionPage.objects.filter(pk=opinion.pk).update(opinion=True)
    made = {}

    def add(title, parent, age):
        page = make_article(title=title, parent=parent)
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=now - age)
        made[title] = page
        return page

    for i in range(14):
        add(f"سياسة {i}", section, timedelta(hours=30 - i))
    for i in range(3):
        add(f"اقتصاد {i}", economy, timedelta(days=3 - i))
    for i in range(4):
        add(f"رأي {i}", opinion, timedelta(days=20 - i))
    for i in range(5):
        add(f"أرشيف {i}", archive, timedelta(days=5 * 365 - i))
    for i in range(3):
        add(f"خاص {i}", private, timedelta(minutes=10 + i))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="سر"
    )
    expired = add("منتهي", section, timedelta(minutes=1))
    ArticlePage.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(minutes=1))
    made["sections"] = {
        "politics": section,
        "economy": economy,
        "opinion": opinion,
        "archive": archive,
        "private": private,
    }
    return made


def both_forms(build, monkeypatch):
    new = titles(build())
    with monkeypatch.context() as patch:
        patch.setattr(fronts, "_candidates", or_form_candidates)
        old = titles(build())
    return new, old


def pin(page, model, article, zone, position=1):
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.front_pins.add(model(article=article, zone=zone, position=position))
    page.save_revision().publish()
    return page.specific.__class__.objects.get(pk=page.pk)


def test_home_front_picks_the_same_stories_as_the_or_form(home, site, monkeypatch):
    home = HomePage.objects.get(pk=home.pk)
    new, old = both_forms(lambda: front_page(home), monkeypatch)
    assert new == old
    # The archive section's five-year-old stories still fill its strip.
    assert ("archive", ["أرشيف 4", "أرشيف 3", "أرشيف 2", "أرشيف 1"]) in new["sections"]
    assert new["lead"] == "سياسة 13"
    assert new["opinion"] == ["رأي 3", "رأي 2", "رأي 1"]
    shown = str(new)
    assert "خاص" not in shown and "منتهي" not in shown


def test_home_pins_old_and_private_stories_same_as_or_form(home, site, monkeypatch):
    home = HomePage.objects.get(pk=home.pk)
    home = pin(home, HomePin, site["أرشيف 0"], "lead")
    home = pin(home, HomePin, site["خاص 0"], "secondary")
    home = pin(home, HomePin, site["سياسة 0"], "strip", 2)
    new, old = both_forms(lambda: front_page(home), monkeypatch)
    assert new == old
    assert new["lead"] == "أرشيف 0"
    assert "خاص" not in str(new)
    politics = dict(new["sections"])["politics"]
    assert politics[1] == "سياسة 0"


@pytest.mark.parametrize("slug", ["politics", "economy", "opinion", "archive"])
def test_section_fronts_same_as_or_form(site, slug, monkeypatch, settings):
    settings.SAHIFA_PAGE_SIZE = 6
    section = SectionPage.objects.get(pk=site["sections"][slug].pk)
    if slug == "politics":
        section = pin(section, SectionPin, site["سياسة 0"], "lead")
    new, old = both_forms(section.front, monkeypatch)
    assert new == old
    if slug == "archive":
        # Years old, and still a full front of its own stories.
        assert new["lead"] == "أرشيف 4"
        assert new["secondary"] == ["أرشيف 3", "أرشيف 2", "أرشيف 1", "أرشيف 0"]
        assert new["more"] is False
    if slug == "politics":
        assert new["lead"] == "سياسة 0" and new["more"] is True
    if slug == "opinion":
        # An opinion section leads with its own pieces.
        assert new["lead"] == "رأي 3"
