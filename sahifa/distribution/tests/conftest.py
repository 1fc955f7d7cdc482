import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sahifa.articles.models import ArticlePage


@pytest.fixture
def story(make_article, make_image):
    """A published article with hero, two authors, tags and a quote."""
    hero = make_image(
        title="صورة الخبر",
        caption="المحتجون أمام البرلمان",
        photographer="سارة علي",
        size=(2000, 1300),
    )
    page = make_article(
        title="البرلمان يقر موازنة العام الجديد بأغلبية كبيرة",
        dek="أقر البرلمان الموازنة بعد جلسة طويلة.",
        tags=("اقتصاد", "البرلمان"),
        authors=("ليلى حسن", "عمر خالد"),
        hero=hero,
        body=[
            (
                "paragraph",
                '<p>فقرة أولى فيها <a href="https://example.org/x">رابط</a> و<b>نص عريض</b>.</p>',
            ),
            ("subheading", "تفاصيل التصويت"),
            ("quote", {"text": "هذه موازنة الناس", "attribution": "رئيس البرلمان"}),
            ("paragraph", "<p>فقرة ثانية.</p>"),
        ],
    )
    return page


def set_published(page, when):
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=when)
    page.refresh_from_db()
    return page


@pytest.fixture
def old_story(make_article):
    page = make_article(title="خبر قديم من الشهر الماضي", tags=("اقتصاد",))
    return set_published(page, timezone.now() - timedelta(days=40))


def jsonld_blocks(html: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
