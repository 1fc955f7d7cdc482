from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel

from sahifa.articles.models import ArticlePage
from sahifa.core.models import BasePage


class SectionPage(BasePage):
    """A newsroom section (قسم): politics, economy… Articles live under it."""

    intro = models.TextField("تعريف القسم", blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "أقسام"

    def articles(self):
        return ArticlePage.objects.visible().in_section(self).for_listing().recent()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), settings.SAHIFA_PAGE_SIZE)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        return context
