from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from sahifa.articles.models import ArticlePage
from sahifa.core.models import BasePage
from sahifa.core.pagination import keyset_page

from . import fronts


class FrontPin(Orderable):
    """A story an editor pins into a zone of a front, at a position, until
    an optional expiry. Saved with the page: it shows once the page is
    published (and in its preview before that)."""

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name="المقال", on_delete=models.CASCADE, related_name="+"
    )
    zone = models.CharField("المنطقة", max_length=20, choices=fronts.ZONE_CHOICES)
    position = models.PositiveSmallIntegerField(
        "الترتيب", default=1, help_text="١ هو المكان الأول في المنطقة."
    )
    expires_at = models.DateTimeField(
        "ينتهي التثبيت في",
        null=True,
        blank=True,
        db_index=True,
        help_text="يعود المكان بعده إلى الملء التلقائي. يترك فارغاً لتثبيت دائم.",
    )

    panels = [
        FieldPanel("article"),
        FieldPanel("zone"),
        FieldPanel("position"),
        FieldPanel("expires_at"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = "خبر مثبّت"
        verbose_name_plural = "أخبار مثبّتة"


def opinion_paths():
    """The paths of published opinion sections (a subquery)."""
    return SectionPage.objects.filter(opinion=True, live=True).values("path")


class SectionPage(BasePage):
    """A newsroom section (قسم): politics, economy… Articles live under it."""

    intro = models.TextField("تعريف القسم", blank=True)
    opinion = models.BooleanField(
        "قسم رأي",
        default=False,
        help_text="مقالاته مقالات رأي: تملأ منطقة «رأي» في الواجهات ولا تتصدر الأخبار.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("opinion"),
        InlinePanel(
            "front_pins",
            label="الأخبار المثبّتة في واجهة القسم",
            help_text="المناطق: الخبر الرئيسي، الأخبار البارزة، رأي، آخر الأخبار. "
            "ما لا يُثبَّت يُملأ تلقائياً بالأحدث.",
        ),
    ]

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "أقسام"

    def articles(self):
        return ArticlePage.objects.visible().in_section(self).for_listing().recent()

    def front(self) -> dict:
        return fronts.build_front(
            self,
            fronts.section_zones(settings.SAHIFA_PAGE_SIZE),
            section_depth=self.depth,
            opinion_paths=opinion_paths(),
            scope_is_opinion=self.opinion,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        archive = {"page", "before", "after"} & set(request.GET)
        if not archive or request.GET.get("page") == "1":
            # Page 1 is the front; the archive (page 2 on) is the plain list,
            # in keyset pages so a deep page costs what page 2 does.
            context["front"] = self.front()
            context["archive_url"] = "?page=2"
        else:
            context["page_obj"] = keyset_page(self.articles(), request, settings.SAHIFA_PAGE_SIZE)
        return context


class SectionPin(FrontPin):
    page = ParentalKey(SectionPage, on_delete=models.CASCADE, related_name="front_pins")
