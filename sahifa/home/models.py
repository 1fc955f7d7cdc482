from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel

from sahifa.core.models import BasePage
from sahifa.sections.models import FrontPin

from .front import front_page


class HomePage(BasePage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage", "pages.InfoPage"]
    max_count = 1
    content_panels = BasePage.content_panels + [
        InlinePanel(
            "front_pins",
            label="الأخبار المثبّتة في الرئيسية",
            help_text="ثبّت خبراً في منطقة (الخبر الرئيسي، الأخبار البارزة، رأي، شريط قسمه، "
            "آخر الأخبار) بترتيب وتاريخ انتهاء اختياري؛ يظهر التغيير بعد النشر، "
            "وما لا يُثبَّت يُملأ تلقائياً بالأحدث.",
        ),
    ]

    class Meta:
        verbose_name = "الصفحة الرئيسية"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(front_page(self))
        return context


class HomePin(FrontPin):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="front_pins")
