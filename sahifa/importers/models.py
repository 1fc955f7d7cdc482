"""Agency wires (RSS/Atom) that `poll_wires` ingests on a schedule."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet


@register_snippet
class WireSource(models.Model):
    name = models.CharField(
        "اسم المصدر", max_length=200, help_text="يظهر في نسبة الخبر، مثل: وكالة الأنباء الرسمية"
    )
    url = models.URLField("رابط الخلاصة (RSS أو Atom)", max_length=1000, unique=True)
    section = models.ForeignKey(
        "sections.SectionPage",
        verbose_name="القسم",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="تُنشأ الأخبار الجديدة في هذا القسم.",
    )
    publish = models.BooleanField(
        "النشر مباشرة",
        default=False,
        help_text="إن لم يُحدَّد تُحفظ الأخبار مسودات لمراجعة المحررين.",
    )
    tags = models.CharField(
        "وسوم تضاف لكل خبر", max_length=500, blank=True, help_text="مفصولة بفواصل."
    )
    active = models.BooleanField("مفعّل", default=True)
    # State of the last poll (read-only in the admin).
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField("آخر جلب", null=True, blank=True, editable=False)
    last_error = models.TextField("آخر خطأ", blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("section"),
        MultiFieldPanel(
            [FieldPanel("publish"), FieldPanel("tags"), FieldPanel("active")], "الإعدادات"
        ),
    ]

    class Meta:
        verbose_name = "مصدر وكالة"
        verbose_name_plural = "مصادر الوكالات"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class WireItem(models.Model):
    """One wire item seen, by GUID: the dedupe ledger."""

    source = models.ForeignKey(WireSource, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    page = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], name="importers_wireitem_unique_guid"
            )
        ]

    def __str__(self):
        return f"{self.source}: {self.guid}"


class SourceAlias(models.Model):
    """Another address an imported article has in its source (a wire item's
    link, a WordPress permalink). Links that use it become page links, like
    links to the article's `source_uri`, however late the article arrives."""

    uri = models.CharField(max_length=500, db_index=True)
    page = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "uri"], name="importers_sourcealias_unique")
        ]

    def __str__(self):
        return self.uri
