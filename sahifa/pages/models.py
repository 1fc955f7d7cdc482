from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from sahifa.core import visibility
from sahifa.core.models import BasePage


class InfoPage(BasePage):
    """A standing page about the publication (من نحن، اتصل بنا، سياسة
    الخصوصية، سياسة التصحيحات): editable in the admin, linked from the
    footer while «إظهار في القوائم» is ticked."""

    body = RichTextField(
        "النص",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        blank=True,
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = "صفحة تعريفية"
        verbose_name_plural = "صفحات تعريفية"


def footer_pages():
    """The pages the footer links, in tree order (one query)."""
    return visibility.visible(InfoPage.objects.filter(show_in_menus=True)).order_by("path")
