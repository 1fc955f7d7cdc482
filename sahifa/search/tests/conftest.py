from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from sahifa.search import services

# (slug, title, dek, body paragraphs, days ago). Each story carries the
# words the relevance tests query in *other* forms.
STORIES = [
    (
        "budget",
        "الحكومة تقرّ موازنة جديدة لدعم الاقتصاد",
        "الموازنة تخصص مبالغ أكبر للصحة والتعليم.",
        ["أقرّت الحكومةُ المصرية موازنةَ العام المقبل بعد نقاش طويل في البرلمان."],
        1,
    ),
    (
        "israel",
        "إسرائيل تعلن تمديد الإغلاق على المعابر",
        "القرار يشمل البضائع والمسافرين.",
        ["أعلنت إسرائيل صباح اليوم تمديد إغلاق المعابر أسبوعاً آخر."],
        2,
    ),
    (
        "ministers",
        "الوزراء العرب يجتمعون في القاهرة لبحث الأزمة",
        "اجتماع طارئ لمجلس الجامعة.",
        ["يعقد وزراء الخارجية اجتماعاً طارئاً لبحث تطورات الأزمة الإقليمية."],
        3,
    ),
    (
        "macron",
        "ماكرون يصل إلى الجزائر في زيارة رسمية",
        "أول زيارة للرئيس الفرنسي منذ عامين.",
        ["وصل الرئيس الفرنسي إيمانويل ماكرون إلى العاصمة الجزائرية."],
        4,
    ),
    (
        "teachers",
        "المعلمون يطالبون بزيادة الأجور",
        "نقابة التعليم تهدد بالإضراب.",
        ["نظّم آلاف المعلمين وقفة احتجاجية أمام مقر النقابة للمطالبة برفع الرواتب."],
        5,
    ),
    (
        "hospital",
        "افتتاح مستشفى الأطفال في طنطا",
        "المستشفى يضم مئتي سرير.",
        ["افتُتح المستشفى بحضور المحافظ، ويستقبل المرضى من المحافظات المجاورة."],
        6,
    ),
    (
        "netflix",
        "نتفليكس ترفع أسعار الاشتراك في المنطقة",
        "زيادة تصل إلى عشرين في المئة.",
        ["أعلنت نتفليكس رفع أسعار باقاتها الشهرية في عدد من الأسواق."],
        7,
    ),
    (
        "russia",
        "الشركات الروسية تبحث عن أسواق بديلة",
        "العقوبات تدفع المصدّرين نحو آسيا.",
        ["تسعى الشركات الروسية إلى أسواق جديدة بعد العقوبات الغربية."],
        8,
    ),
    (
        "election",
        "نتائج انتخابات ٢٠٢٤ البلدية",
        "نسبة المشاركة بلغت ٤٢ في المئة.",
        ["أظهرت النتائج الرسمية لانتخابات ٢٠٢٤ فوز قوائم المستقلين في معظم الدوائر."],
        9,
    ),
    (
        "football",
        "المنتخب يفوز على ضيفه بثلاثية نظيفة",
        "المدرب يشيد بأداء اللاعبين.",
        ["سجّل المنتخب ثلاثة أهداف في الشوط الثاني أمام جمهور كبير في الملعب."],
        10,
    ),
]


@pytest.fixture
def corpus(make_section, section):
    """Ten live articles in two sections, indexed. Built directly (no
    revisions) to keep the suite fast; publishing through revisions and
    the jobs is covered by test_index_follows_publish_update_unpublish."""
    from sahifa.articles.models import ArticlePage

    sports = make_section("sports", "رياضة")
    now = timezone.now()
    pages = {}
    for slug, title, dek, paragraphs, days in STORIES:
        page = ArticlePage(
            title=title,
            slug=slug,
            dek=dek,
            live=True,
            first_published_at=now - timedelta(days=days),
            body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
        )
        (sports if slug == "football" else section).add_child(instance=page)
        services.index_article(page.pk)
        pages[slug] = page
    pages["_sports"] = sports
    return pages


def days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)
