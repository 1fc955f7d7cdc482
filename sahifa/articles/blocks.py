"""Body blocks of an article, each carrying its own readings.

Every block answers, from its stored (raw JSON) value:
- `text_lines(raw)`: its part of the article's text (the rule is in
  `sahifa.articles.body`);
- `links(raw)`: the pages and URLs it links to;
- `relink(raw, resolve)`: the value with source links turned into page links;
and, from its native value, for readers outside the site:
- `portable_html(value, out)`: sanitisable HTML for feeds and newsletters;
- `api_value(value, out)`: the API representation (None: left out).
`out` (an `Output`) supplies absolute URLs and image renditions, so blocks
know nothing of requests or sites. A new block type implements these and
every consumer (search, related, listen, feeds, API, importers) follows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from sahifa.core.visibility import MEMO, is_visible, restricted_q

from . import richtext

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
BODY_IMAGE_SPEC = "width-1200"
READ_ALSO_LABEL = "اقرأ أيضاً"


@dataclass(frozen=True)
class Link:
    """A link in the body: to a page of the site (`page_id`) or a URL."""

    kind: str  # "inline" (in running text) or "read_also"
    page_id: int | None = None
    url: str = ""


class Output(Protocol):
    """What a portable reading needs from the site it is read for."""

    def absolute(self, url: str) -> str: ...

    def rendition(self, image, spec: str) -> dict: ...  # {url, width, height} or {}

    def rich_text(self, html: str) -> str: ...  # page links expanded, absolute


class ArticleBlock:
    """The readings every body block offers; defaults for blocks without text."""

    def text_lines(self, raw: Any) -> list[str]:
        return []

    def links(self, raw: Any) -> list[Link]:
        return []

    def relink(self, raw: Any, resolve: richtext.LinkResolver) -> Any:
        return raw

    def portable_html(self, value: Any, out: Output) -> str:
        return ""

    def api_value(self, value: Any, out: Output) -> Any:
        return None


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(raw.split()) for raw in (text or "").splitlines()) if line]


class ParagraphBlock(ArticleBlock, blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        label = "فقرة"
        template = "articles/blocks/paragraph.html"

    def text_lines(self, raw):
        return richtext.text_lines(raw) if isinstance(raw, str) else []

    def links(self, raw):
        if not isinstance(raw, str):
            return []
        return [Link("inline", page_id=pk) for pk in richtext.page_links(raw)] + [
            Link("inline", url=url) for url in richtext.external_links(raw)
        ]

    def relink(self, raw, resolve):
        return richtext.relink(raw, resolve) if isinstance(raw, str) else raw

    def portable_html(self, value, out):
        html = out.rich_text(value.source)
        return html if html.lstrip().startswith("<") else f"<p>{html}</p>"

    def api_value(self, value, out):
        return out.rich_text(value.source)


class SubheadingBlock(ArticleBlock, blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "عنوان فرعي"
        template = "articles/blocks/subheading.html"

    def text_lines(self, raw):
        return _lines(raw) if isinstance(raw, str) else []

    def portable_html(self, value, out):
        return f"<h2>{escape(str(value))}</h2>"

    def api_value(self, value, out):
        return str(value)


class QuoteBlock(ArticleBlock, blocks.StructBlock):
    text = blocks.TextBlock(label="النص")
    attribution = blocks.CharBlock(label="القائل", required=False)

    class Meta:
        icon = "openquote"
        label = "اقتباس"
        template = "articles/blocks/quote.html"

    def text_lines(self, raw):
        if not isinstance(raw, dict):
            return []
        return _lines(raw.get("text") or "") + _lines(raw.get("attribution") or "")

    def portable_html(self, value, out):
        text = "<br>".join(escape(line) for line in value["text"].splitlines())
        who = value.get("attribution")
        cite = f"<cite>{escape(who)}</cite>" if who else ""
        return f"<blockquote><p>{text}</p>{cite}</blockquote>"

    def api_value(self, value, out):
        return {"text": value["text"], "attribution": value.get("attribution") or ""}


class ImageBlock(ArticleBlock, blocks.StructBlock):
    image = ImageChooserBlock(label="الصورة")
    caption = blocks.CharBlock(
        label="التعليق", required=False, help_text="يترك فارغاً لاستخدام تعليق الصورة"
    )

    class Meta:
        icon = "image"
        label = "صورة"
        template = "articles/blocks/image.html"

    def portable_html(self, value, out):
        image = value.get("image")
        data = out.rendition(image, BODY_IMAGE_SPEC) if image is not None else {}
        if not data:
            return ""
        caption = value.get("caption") or image.caption
        alt = image.description or caption or image.title
        figcaption = ""
        if caption or image.credit:
            joined = " — ".join(x for x in (caption, image.credit) if x)
            figcaption = f"<figcaption>{escape(joined)}</figcaption>"
        return (
            f'<figure><img src="{escape(data["url"])}" alt="{escape(alt)}" '
            f'width="{data["width"]}" height="{data["height"]}">{figcaption}</figure>'
        )

    def api_value(self, value, out):
        image = value.get("image")
        if image is None:
            return None
        return {
            "image": image.pk,
            "caption": value.get("caption") or image.caption,
            "credit": image.credit,
            "rendition": out.rendition(image, BODY_IMAGE_SPEC) or None,
        }


class EmbedBlock(ArticleBlock, blocks.StructBlock):
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

    def links(self, raw):
        url = raw.get("url") if isinstance(raw, dict) else ""
        return [Link("inline", url=url)] if url else []

    def portable_html(self, value, out):
        title = value.get("title") or value["url"]
        caption = f" — {escape(value['caption'])}" if value.get("caption") else ""
        return f'<p><a href="{escape(value["url"])}">{escape(title)}</a>{caption}</p>'

    def api_value(self, value, out):
        return {
            "url": value["url"],
            "title": value.get("title") or "",
            "caption": value.get("caption") or "",
        }


def _followable(url: str) -> str:
    # Imported links to items not imported yet hold a ninjs uri until
    # relinked: not something a reader can follow.
    return url if urlsplit(url or "").scheme in ("http", "https") else ""


class _LinkedArticleBlock(blocks.PageChooserBlock):
    """The article a «اقرأ أيضاً» links: every link of a body read in one
    query that also tells whether a restriction covers each (the public
    rule, sahifa.core.visibility), remembered on the instance."""

    # Migrations keep naming Wagtail's block: the stored data is the same.
    canonical_module_path = "wagtail.blocks.PageChooserBlock"

    def bulk_to_python(self, values):
        found = self.model_class.objects.annotate(_restricted=restricted_q()).in_bulk(
            [v for v in values if v is not None]
        )
        result, seen = [], set()
        for pk in values:
            page = found.get(pk)
            if page is not None:
                page.__dict__[MEMO] = page._restricted
                if pk in seen:
                    page = copy.copy(page)
            result.append(page)
            seen.add(pk)
        return result


class ReadAlsoBlock(ArticleBlock, blocks.StructBlock):
    """«اقرأ أيضاً»: links another article (title taken live from it) or an
    external URL."""

    page = _LinkedArticleBlock(
        label="مقال من الموقع", page_type="articles.ArticlePage", required=False
    )
    url = blocks.URLBlock(label="أو رابط خارجي", required=False)
    title = blocks.CharBlock(label="عنوان الرابط الخارجي", required=False)

    class Meta:
        icon = "link"
        label = READ_ALSO_LABEL
        template = "articles/blocks/read_also.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["external_url"] = _followable(value.get("url") or "")
        # Only an article the public may see is linked (sahifa.core.visibility).
        page = value.get("page")
        context["target"] = page.specific if page is not None and is_visible(page) else None
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

    def links(self, raw):
        if not isinstance(raw, dict):
            return []
        if raw.get("page"):
            return [Link("read_also", page_id=int(raw["page"]))]
        return [Link("read_also", url=raw["url"])] if raw.get("url") else []

    def relink(self, raw, resolve):
        if not isinstance(raw, dict) or raw.get("page") or not raw.get("url"):
            return raw
        page_id = resolve(raw["url"].strip())
        return {**raw, "page": page_id, "url": "", "title": ""} if page_id else raw

    @staticmethod
    def target(value) -> tuple[str, str]:
        """(url, title) a reader can follow, or ("", "") when there is none:
        a linked article the public may not see is never shown."""
        page = value.get("page")
        if page is not None:
            page = page.specific
            if is_visible(page):
                return page.url or "", page.title
            return "", ""
        url = _followable(value.get("url") or "")
        return (url, value.get("title") or url) if url else ("", "")

    def portable_html(self, value, out):
        url, title = self.target(value)
        if not url:
            return ""
        return (
            f'<p>{READ_ALSO_LABEL}: <a href="{escape(out.absolute(url))}">{escape(title)}</a></p>'
        )

    def api_value(self, value, out):
        url, title = self.target(value)
        if not url:
            return None
        page = value.get("page")
        return {
            "page": page.pk if page is not None else None,
            "url": out.absolute(url),
            "title": title,
        }


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    subheading = SubheadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock()
    read_also = ReadAlsoBlock()


class CorrectionBlock(blocks.StructBlock):
    """One dated note of «التصحيحات والتحديثات» (not part of the body or
    its text: readers see it under the article, search does not index it)."""

    date = blocks.DateBlock(label="التاريخ")
    kind = blocks.ChoiceBlock(
        label="النوع",
        choices=[("correction", "تصحيح"), ("update", "تحديث")],
        default="correction",
    )
    text = blocks.TextBlock(label="النص", max_length=1000)

    class Meta:
        label = "ملاحظة تصحيح أو تحديث"
        icon = "edit"
