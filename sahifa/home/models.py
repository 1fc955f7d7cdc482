from django.db import models
from wagtail.admin.panels import FieldPanel

from sahifa.core.models import BasePage

from .front import front_page


class HomePage(BasePage):
    lead_article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="الخبر الرئيسي",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="يترك فارغاً لعرض أحدث خبر.",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage"]
    max_count = 1
    content_panels = BasePage.content_panels + [FieldPanel("lead_article")]

    class Meta:
        verbose_name = "الصفحة الرئيسية"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(front_page(self))
        return context
