"""Related articles: what editors decide (pins, exclusions, site setting) and
what the background job computes and stores (term vectors, postings,
document frequencies and the ranked links a page renders)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


class RelatedPin(Orderable):
    """An article the editor wants first in «أخبار ذات صلة», in this order."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_pins"
    )
    target = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="المقال المثبت",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("target", "articles.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = "مقال مثبت"
        verbose_name_plural = "مقالات مثبتة"


class RelatedExclusion(Orderable):
    """An article that must never appear among this article's related news."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_exclusions"
    )
    target = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="المقال المستبعد",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("target", "articles.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = "مقال مستبعد"
        verbose_name_plural = "مقالات مستبعدة"


class ArticleVector(models.Model):
    """The analysed text of one live article, kept so that a new article is
    compared with the archive without re-analysing it. Weights are field-
    weighted term frequencies; IDF is applied at query time."""

    # No database cascade: when the page is deleted, the lifecycle's sync
    # still finds the vector, so the terms' document frequencies go down.
    page = models.OneToOneField(
        "wagtailcore.Page",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    terms = models.JSONField(default=dict)
    norm = models.FloatField(default=1.0)
    tags = models.JSONField(default=list)
    section_id = models.IntegerField(null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # sahifa.analysis.fingerprint() of the analyzer that made `terms`
    # (rebuild_related --if-stale).
    analyzer = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return f"vector of page {self.page_id}"


class RelatedTerm(models.Model):
    """Postings of each article's most distinctive terms (its "keywords"),
    used to find candidates the way Lucene's MoreLikeThis does."""

    term = models.CharField(max_length=100)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term"])]

    def __str__(self) -> str:
        return f"{self.term} → page {self.page_id}"


class TermStat(models.Model):
    """How many indexed articles contain a term (document frequency)."""

    term = models.CharField(max_length=100, primary_key=True)
    df = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class RelatedLink(models.Model):
    """One computed entry of an article's related list, best first."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # Kept when the related page is deleted, so the sync knows whose lists
    # listed it and recomputes them (readers only ever see live pages).
    related = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["page", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["page", "related"], name="related_link_unique")
        ]
        indexes = [models.Index(fields=["related"])]

    def __str__(self) -> str:
        return f"page {self.page_id} #{self.rank} → {self.related_id}"


@register_setting(icon="link")
class RelatedSettings(BaseSiteSetting):
    auto_read_also = models.BooleanField(
        "إدراج «اقرأ أيضاً» تلقائياً",
        default=False,
        help_text="يضيف رابطاً إلى أقرب خبر ذي صلة داخل المقالات التي لا تحتوي على «اقرأ أيضاً».",
    )
    auto_read_also_after = models.PositiveSmallIntegerField(
        "بعد الفقرة رقم",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="لا يُدرج الرابط في المقالات التي تقل فقراتها عن هذا العدد.",
    )

    panels = [FieldPanel("auto_read_also"), FieldPanel("auto_read_also_after")]

    class Meta:
        verbose_name = "الأخبار ذات الصلة"
