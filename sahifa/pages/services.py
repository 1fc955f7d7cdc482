"""The standing pages `manage.py setup_site` creates once: About, Contact,
Privacy and Corrections policy. Editors rewrite them in the admin; setup
never overwrites a page that exists (matched by slug under the home page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.html import escape

from .models import InfoPage


@dataclass(frozen=True)
class Standing:
    slug: str
    title: str
    description: str
    body: str  # HTML; {site} and {email} are filled in


STANDING_PAGES = (
    Standing(
        slug="about",
        title="من نحن",
        description="تعرّف إلى {site}: رسالتها وطريقة عملها ومن يقف وراءها.",
        body=(
            "<p>{site} منصة إخبارية عربية مستقلة تنقل إلى قرّائها الخبر الموثّق "
            "والتحليل الرصين بلغة عربية سليمة وواضحة.</p>"
            "<h2>ما نلتزم به</h2>"
            "<ul><li>الدقة قبل السرعة: لا ننشر خبراً قبل التحقق منه من مصدرين على الأقل "
            "أو من مصدر أول موثوق.</li>"
            "<li>الفصل بين الخبر والرأي: مقالات الرأي منشورة في قسمها ومنسوبة إلى كتّابها.</li>"
            "<li>الشفافية: نذكر مصادرنا ما لم يعرّض ذلك أحداً للخطر، ونصحّح أخطاءنا علناً.</li></ul>"
            "<h2>هيئة التحرير</h2>"
            "<p>يعمل في {site} فريق من المحررين والمراسلين، وتظهر أسماؤهم ونبذ عنهم "
            "في صفحات الكتّاب وتحت كل مقال.</p>"
        ),
    ),
    Standing(
        slug="contact",
        title="اتصل بنا",
        description="كيف تراسل هيئة تحرير {site}: الأخبار والتصحيحات والاقتراحات.",
        body=(
            "<p>يسعدنا أن نسمع منك. راسل هيئة التحرير على البريد الإلكتروني "
            '<a href="mailto:{email}">{email}</a>.</p>'
            "<h2>لديك خبر أو معلومة؟</h2>"
            "<p>أرسل إلينا ما لديك مع ما يسمح بالتحقق منه، ونتعامل مع هوية من يراسلنا بسرية تامة.</p>"
            "<h2>وجدت خطأً في مقال؟</h2>"
            "<p>اذكر رابط المقال والجملة المقصودة، وسنراجعها وفق "
            '<a href="/corrections-policy/">سياسة التصحيحات</a>.</p>'
        ),
    ),
    Standing(
        slug="privacy",
        title="سياسة الخصوصية",
        description="ما الذي تجمعه {site} عن زوارها وما الذي لا تجمعه.",
        body=(
            "<p>نحترم خصوصية قرّائنا، ونجمع أقل قدر ممكن من البيانات.</p>"
            "<h2>ما الذي نجمعه</h2>"
            "<p>نعدّ قراءات المقالات ومشاركاتها أعداداً مجمّعة لنعرف ما يهمّ القرّاء، "
            "من دون ملفات تعريف ارتباط للتتبع ومن دون حفظ عنوان IP أو بناء ملف عن أي قارئ.</p>"
            "<h2>ما الذي لا نفعله</h2>"
            "<ul><li>لا نضع في صفحاتنا أدوات تتبع أو إعلانات من جهات خارجية.</li>"
            "<li>لا نبيع بيانات ولا نشاركها مع أحد.</li></ul>"
            "<h2>المراسلات</h2>"
            "<p>ما ترسله إلينا بالبريد يُستخدم للرد عليك فقط. للاستفسار: "
            '<a href="mailto:{email}">{email}</a>.</p>'
        ),
    ),
    Standing(
        slug="corrections-policy",
        title="سياسة التصحيحات",
        description="كيف تصحّح {site} أخطاءها وتُعلم قرّاءها بما تغيّر.",
        body=(
            "<p>نخطئ أحياناً، وحين يحدث ذلك نصحّح الخطأ بسرعة وبوضوح.</p>"
            "<h2>كيف نصحّح</h2>"
            "<ul><li>نصحّح الخطأ في نص المقال نفسه.</li>"
            "<li>نضيف تحت المقال ملاحظة مؤرّخة في خانة «التصحيحات والتحديثات» "
            "تذكر ما الذي تغيّر، ولا نحذف الخطأ خفيةً.</li>"
            "<li>حين يضيف مقال معلومات جديدة بعد نشره نذكر ذلك في الخانة نفسها بوصفه تحديثاً، "
            "ويظهر تاريخ «آخر تحديث» أعلى المقال.</li></ul>"
            "<h2>أبلغنا عن خطأ</h2>"
            '<p>راسلنا على <a href="mailto:{email}">{email}</a> مع رابط المقال.</p>'
        ),
    ),
)


@transaction.atomic
def ensure_standing_pages(home) -> list[InfoPage]:
    """Create the standing pages missing under `home` (published, linked
    from the footer); returns the pages created. Idempotent."""
    existing = set(home.get_children().values_list("slug", flat=True))
    values = {
        "site": escape(settings.WAGTAIL_SITE_NAME),
        "email": escape(settings.SAHIFA_CONTACT_EMAIL),
    }
    created = []
    for spec in STANDING_PAGES:
        if spec.slug in existing:
            continue
        page = home.add_child(
            instance=InfoPage(
                title=spec.title,
                slug=spec.slug,
                search_description=spec.description.format(site=settings.WAGTAIL_SITE_NAME),
                body=spec.body.format(**values),
                show_in_menus=True,
            )
        )
        page.save_revision().publish()
        created.append(page)
    return created
