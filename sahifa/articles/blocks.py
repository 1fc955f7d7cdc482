"""Body blocks of an article."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "عنوان فرعي"
        template = "articles/blocks/subheading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="النص")
    attribution = blocks.CharBlock(label="القائل", required=False)

    class Meta:
        icon = "openquote"
        label = "اقتباس"
        template = "articles/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="الصورة")
    caption = blocks.CharBlock(
        label="التعليق", required=False, help_text="يترك فارغاً لاستخدام تعليق الصورة"
    )

    class Meta:
        icon = "image"
        label = "صورة"
        template = "articles/blocks/image.html"


class EmbedBlock(blocks.StructBlock):
    """A link card for external media. Rendered without any third-party
    request (no iframe is loaded), so readers are not tracked by the provider
    until they choose to go there."""

    url = blocks.URLBlock(label="الرابط")
    title = blocks.CharBlock(label="العنوان", required=False)
    caption = blocks.CharBlock(label="التعليق", required=False)

    class Meta:
        icon = "media"
        label = "وسائط مضمّنة"
        template = "articles/blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["provider"] = urlsplit(value["url"]).hostname or ""
        return context


class ReadAlsoBlock(blocks.StructBlock):
    """«اقرأ أيضاً»: links another article (title taken live from it) or an
    external URL."""

    page = blocks.PageChooserBlock(
        label="مقال من الموقع", page_type="articles.ArticlePage", required=False
    )
    url = blocks.URLBlock(label="أو رابط خارجي", required=False)
    title = blocks.CharBlock(label="عنوان الرابط الخارجي", required=False)

    class Meta:
        icon = "link"
        label = "اقرأ أيضاً"
        template = "articles/blocks/read_also.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Imported links to items not imported yet hold a ninjs uri until
        # relinked: not something a reader can follow.
        url = value.get("url") or ""
        context["external_url"] = url if urlsplit(url).scheme in ("http", "https") else ""
        return context

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError("اختر مقالاً أو أدخل رابطاً.")])}
            )
        if value.get("url") and not value.get("page") and not value.get("title"):
            raise StructBlockValidationError(
                block_errors={"title": ErrorList([ValidationError("أدخل عنوان الرابط الخارجي.")])}
            )
        return value


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label="فقرة", template="articles/blocks/paragraph.html"
    )
    subheading = SubheadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock()
    read_also = ReadAlsoBlock()
