import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Substr
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from sahifa.core import arabic, sitewide, visibility
from sahifa.core.models import BasePage, attach_renditions

from . import body as body_readings
from . import plugins
from .blocks import ArticleBodyBlock, CorrectionBlock


class ArticlePageQuerySet(PageQuerySet):
    """Domain filters shared by views, feeds and sitemaps."""

    def visible(self):
        """What the public may see: live, not expired, not behind a password,
        login or group restriction on the article or any ancestor
        (sahifa.core.visibility). Every reader-facing query starts here."""
        return visibility.visible(self)

    def recent(self):
        return self.order_by("-first_published_at", "-pk")

    def in_section(self, section):
        # The path prefix written as an expression, so PostgreSQL reads the
        # section's newest articles from one index range (core migration
        # 0002: sections at depth 3 have 12-character paths).
        return self.alias(_section_path=Substr("path", 1, len(section.path))).filter(
            _section_path=section.path, depth__gt=section.depth
        )

    def for_listing(self):
        """What a story card needs, in one query."""
        # Renditions come from the rendition cache, else in one query per
        # listing instead of one per card (core.models.attach_renditions).
        clone = self.select_related("hero_image").defer_streamfields()
        clone._with_renditions = True
        return clone

    def with_sections(self):
        """Each article's `section` read for the whole list in one query
        (feeds and the API name it per item)."""
        clone = self._chain()
        clone._with_sections = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._with_sections = getattr(self, "_with_sections", False)
        clone._with_renditions = getattr(self, "_with_renditions", False)
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and getattr(self, "_with_sections", False):
            attach_sections(self._result_cache)
        if fetched and getattr(self, "_with_renditions", False):
            attach_renditions(
                page.hero_image for page in self._result_cache if isinstance(page, ArticlePage)
            )

    def tagged(self, tag):
        return self.filter(tagged_items__tag=tag)

    def by_author(self, author):
        return self.filter(article_authors__author=author)

    def tag_listing(self, tag):
        """The tag's articles newest first, ordered by the link table's copy
        of the date so the listing reads the (tag, date) index; paginate
        with LISTING_KEYS (sahifa.core.pagination)."""
        return self._by_link("tagged_items", "content_object_id", tagged_items__tag=tag)

    def author_listing(self, author):
        """The author's articles newest first, as tag_listing()."""
        return self._by_link("article_authors", "page_id", article_authors__author=author)

    def _by_link(self, relation, article_column, **condition):
        # The annotations reuse the filter's join (one row per article).
        return (
            self.filter(**condition)
            .annotate(
                listed_at=models.F(f"{relation}__first_published_at"),
                listed_pk=models.F(f"{relation}__{article_column}"),
            )
            .order_by("-listed_at", "-listed_pk")
        )


def attach_sections(pages) -> None:
    """Set `section` (the parent page) on every article of `pages` from one
    query, instead of one per article."""
    pages = [page for page in pages if isinstance(page, Page) and page.path and page.depth > 1]
    paths = {page.path[: -Page.steplen] for page in pages}
    if not paths:
        return
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=paths)}
    for page in pages:
        page.__dict__["section"] = parents.get(page.path[: -Page.steplen])


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # A copy of the article's first_published_at, so a tag page (any page of
    # it, however rare the tag or deep the page) is one range of the
    # (tag, date, article) index instead of a walk of every article by date.
    # Kept equal by database triggers (migration 0006), which also catch
    # queryset updates and bulk SQL.
    first_published_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                "tag",
                models.F("first_published_at").desc(),
                models.F("content_object").desc(),
                name="articles_tag_listing",
            )
        ]


class ArticleAuthor(Orderable):
    """Ordered byline: an article can have several authors."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        "authors.Author", verbose_name="الكاتب", on_delete=models.CASCADE, related_name="+"
    )
    # The article's first_published_at, for the author page's index (as
    # ArticlePageTag's).
    first_published_at = models.DateTimeField(null=True, editable=False)

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        indexes = [
            models.Index(
                "author",
                models.F("first_published_at").desc(),
                models.F("page").desc(),
                name="articles_author_listing",
            )
        ]


class _EditHandler:
    """Built on first access (Wagtail caches it), after every feature has
    registered its panels and tabs in its AppConfig.ready()."""

    def __get__(self, instance, owner):
        return TabbedInterface(
            [
                ObjectList(
                    owner.content_panels + plugins.registry.content_panels,
                    heading=gettext_lazy("Content"),
                ),
                ObjectList(BasePage.promote_panels, heading=gettext_lazy("Promote")),
                ObjectList(BasePage.settings_panels, heading=gettext_lazy("Settings")),
                *(ObjectList(panels, heading=heading) for heading, panels in plugins.registry.tabs),
            ]
        )


class ArticlePage(BasePage):
    dek = models.TextField("الملخص", blank=True, help_text="سطر أو سطران يلخصان الخبر.")
    hero_image = models.ForeignKey(
        "core.SahifaImage",
        verbose_name="الصورة الرئيسية",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(
        "تعليق الصورة", max_length=500, blank=True, help_text="يترك فارغاً لاستخدام تعليق الصورة"
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="المتن", blank=True)
    tags = ClusterTaggableManager("الوسوم", through=ArticlePageTag, blank=True)
    # Set only when an editor republishes with a changed headline, dek or body.
    last_updated_at = models.DateTimeField("آخر تحديث", null=True, blank=True, editable=False)
    published_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Identity of the item in the source it was imported from (ninjs `uri`),
    # so re-imports update rather than duplicate.
    source_uri = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    # Shown under the body, dated: what changed after publication and why
    # (the corrections policy promises readers a visible record).
    corrections = StreamField(
        [("note", CorrectionBlock())],
        verbose_name="التصحيحات والتحديثات",
        blank=True,
        help_text="سجل ظاهر للقراء بما صُحّح أو أُضيف بعد النشر، مع تاريخه.",
    )

    objects = ArticlePageManager()

    parent_page_types = ["sections.SectionPage"]
    subpage_types: list[str] = []

    content_panels = BasePage.content_panels + [
        FieldPanel("dek"),
        InlinePanel("article_authors", label="كاتب", heading="الكتّاب", min_num=0),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_caption")], "الصورة الرئيسية"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("corrections"),
    ]
    # Wagtail's three tabs, with what features add (sahifa.articles.plugins).
    edit_handler = _EditHandler()

    search_fields = BasePage.search_fields + [
        index.SearchField("dek"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        verbose_name = "مقال"
        verbose_name_plural = "مقالات"

    # Articles sit at /section/article/: BasePage.route() tries this type
    # first for two-step paths.
    serve_first_at = 2

    @classmethod
    def for_serving(cls, queryset):
        # The hero image is read by the page, its share card and its JSON-LD.
        return queryset.select_related("hero_image")

    def clean(self):
        super().clean()
        # A 50 MB body took 9.5 s and 886 MB to render: refused on save
        # (the importers apply the same limit).
        size = len(json.dumps(self.body.get_prep_value(), ensure_ascii=False))
        limit = settings.SAHIFA_ARTICLES_BODY_MAX_CHARS
        if size > limit:
            raise ValidationError(
                {
                    "body": f"المتن أطول من الحد المسموح ({size:,} حرفاً، والحد {limit:,}). "
                    "قسّم المادة على أكثر من مقال."
                }
            )

    # -- editorial dates -------------------------------------------------
    def content_hash(self) -> str:
        payload = json.dumps(
            [self.title, self.dek, self.body.get_prep_value()], ensure_ascii=False, sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def with_content_json(self, content):
        # Restoring a revision must not roll back editorial dates, which live
        # on the page rather than in revisions.
        obj = super().with_content_json(content)
        obj.last_updated_at = self.last_updated_at
        obj.published_hash = self.published_hash
        obj.source_uri = self.source_uri
        return obj

    @property
    def was_updated(self) -> bool:
        return bool(
            self.last_updated_at
            and self.first_published_at
            and self.last_updated_at > self.first_published_at
        )

    # -- the article's text (rule: sahifa.articles.body) -------------------
    def text_lines(self) -> list[str]:
        """Headline, dek and the body's text, line by line."""
        return body_readings.text_lines(self.title, self.dek, self.body.raw_data)

    def text(self) -> str:
        return "\n".join(self.text_lines())

    def spoken_text(self) -> list[str]:
        """What «استمع للمقال» reads, in order: the article's text."""
        return self.text_lines()

    def body_text(self) -> str:
        """The body's part of the article's text (no headline or dek)."""
        return body_readings.body_text(self.body.raw_data)

    def word_count(self) -> int:
        """Words of the body's text, as schema.org's wordCount means it."""
        return len(self.body_text().split())

    def reading_minutes(self) -> int:
        """Minutes to read the article's text (headline, dek and body)."""
        return arabic.reading_minutes(len(self.text().split()))

    def correction_notes(self) -> list[dict]:
        """The corrections and updates, newest first."""
        notes = [block.value for block in self.corrections]
        return sorted(notes, key=lambda note: note["date"], reverse=True)

    def body_links(self) -> list:
        return body_readings.body_links(self.body.raw_data)

    def read_also_ids(self) -> set[int]:
        """Articles the body links as «اقرأ أيضاً»."""
        return {
            link.page_id for link in self.body_links() if link.kind == "read_also" and link.page_id
        }

    def read_also_position(self, after: int) -> int | None:
        """Where an automatic «اقرأ أيضاً» goes (see body.read_also_position)."""
        return body_readings.read_also_position(self.body.raw_data, after)

    def is_visible(self) -> bool:
        """The article as the public may see it (the rule of `visible()`)."""
        return visibility.is_visible(self)

    # -- relations ---------------------------------------------------------
    @cached_property
    def section(self):
        """The section the article sits in (its parent page), or None for an
        unsaved page."""
        if not self.pk or not self.path or self.depth < 2:
            return None
        # The breadcrumb's ancestors already hold the parent: no query of its
        # own. A plain Page (title, URL, path) is all readers of it need.
        crumbs = self.breadcrumbs
        return crumbs[-2] if len(crumbs) >= 2 else None

    def authors(self):
        return self.byline

    @cached_property
    def byline(self) -> list:
        """The authors in byline order, with their photos: read once per
        page instance, since the page, its JSON-LD and its Open Graph tags
        all show them."""
        items = self.article_authors.select_related("author__photo").all()
        return [item.author for item in items]

    @cached_property
    def tag_list(self) -> list:
        """The article's tags, read once per page instance (the page, its
        JSON-LD keywords and Open Graph tags all list them)."""
        return list(self.tags.all())

    @cached_property
    def breadcrumbs(self) -> list:
        """Home › section › article: the pages from the site's home page
        down to the article, in one query (titles and URLs need no specific
        page). The visible breadcrumb and the BreadcrumbList JSON-LD both
        read this."""
        if not self.pk or not self.path:
            return [self]
        # The same ancestors for every article of a section: kept per process
        # until a site-wide purge (a section or the home page published,
        # moved or deleted: core/sitewide.py). Read-only plain pages.
        ancestors = sitewide.remember(
            ("ancestors", self.path[: -Page.steplen]),
            lambda: list(self.get_ancestors().filter(depth__gt=1)),
        )
        return [*ancestors, self]

    @property
    def caption(self) -> str:
        return self.hero_caption or (self.hero_image.caption if self.hero_image else "")

    def _authors_with_photos(self) -> list:
        authors = self.authors()
        # The author box's photos: their renditions in one query, not one each.
        attach_renditions(a.photo for a in authors if a.photo_id)
        return authors

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        section = self.section
        context["section"] = section
        # Read when the template shows them: a kept part (core/parts.py) that
        # shows them spares the queries.
        context["authors"] = SimpleLazyObject(self._authors_with_photos)
        context["breadcrumbs"] = self.breadcrumbs
        context["article_tags"] = SimpleLazyObject(lambda: self.tag_list)
        context["section_latest"] = SimpleLazyObject(
            lambda: (
                ArticlePage.objects.visible()
                .in_section(section)
                .exclude(pk=self.pk)
                .for_listing()
                .recent()[:5]
                if section
                else []
            )
        )
        context["share_url"] = self.get_full_url(request)
        return context
