"""The read-only public API: Wagtail API v2 (pages, images) plus an
`articles` endpoint with the newsroom's fields, under /api/v2/.

Article fields are computed by `serialize.py` functions wrapped as DRF fields,
so the same data is returned whether a client asks /api/v2/articles/ or
/api/v2/pages/?type=articles.ArticlePage."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.fields import Field
from taggit.models import Tag
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
    SearchFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from sahifa.articles.models import ArticlePage
from sahifa.authors.models import Author
from sahifa.core import visibility
from sahifa.core.models import SahifaImage
from sahifa.core.pagination import MAX_DB_INT
from sahifa.core.text import is_clean
from sahifa.sections.models import SectionPage

from . import serialize
from .urls_util import absolute


class ComputedField(Field):
    """A read-only field computed from the whole object."""

    def __init__(self, func, **kwargs):
        self.func = func
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.func(instance, self.context.get("request"))


def article_api_fields():
    from wagtail.api import APIField

    return [
        APIField("headline", serializer=ComputedField(lambda p, r: p.title)),
        APIField("dek"),
        APIField("section", serializer=ComputedField(serialize.section)),
        APIField("authors", serializer=ComputedField(serialize.authors)),
        APIField("tags", serializer=ComputedField(serialize.tags)),
        APIField("hero", serializer=ComputedField(serialize.hero)),
        APIField("body", serializer=ComputedField(serialize.body)),
        APIField("body_html", serializer=ComputedField(serialize.body_html)),
        APIField("audio", serializer=ComputedField(serialize.audio)),
        APIField("related", serializer=ComputedField(serialize.related)),
        APIField("share_image", serializer=ComputedField(serialize.share_image)),
    ]


ARTICLE_META = ["last_updated_at", "published_at", "updated_at"]


def article_meta_fields():
    from wagtail.api import APIField

    return [
        APIField("last_updated_at"),
        APIField("published_at", serializer=ComputedField(serialize.published_at)),
        APIField("updated_at", serializer=ComputedField(serialize.updated_at)),
    ]


def _bound(value: str, end: bool) -> datetime:
    """`from`/`to`: a date (whole day, site time zone) or an ISO datetime."""
    moment = parse_datetime(value) if "T" in value else None
    if moment is not None:
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    day = parse_date(value) if value else None
    if day is None:
        raise BadRequestError(f"invalid date {value!r}: use YYYY-MM-DD or an ISO 8601 datetime")
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


class ArticleFilter:
    """section (slug or id), tag (slug), author (slug), from, to."""

    params = ("section", "tag", "author", "from", "to")

    def filter_queryset(self, request, queryset, view):
        used = [p for p in self.params if p in request.GET]
        if not used:
            return queryset
        if not issubclass(queryset.model, ArticlePage):
            raise BadRequestError(
                f"filter {used[0]!r} needs type=articles.ArticlePage (or use /api/v2/articles/)"
            )
        try:
            if "section" in request.GET:
                value = request.GET["section"]
                sections = SectionPage.objects.filter(
                    Q(slug=value) | Q(pk=int(value)) if value.isdigit() else Q(slug=value)
                )
                section = sections.first()
                if section is None:
                    return queryset.none()
                queryset = queryset.filter(path__startswith=section.path, depth=section.depth + 1)
            if "tag" in request.GET:
                tag = Tag.objects.filter(slug=request.GET["tag"]).first()
                queryset = queryset.filter(tagged_items__tag=tag) if tag else queryset.none()
            if "author" in request.GET:
                author = Author.objects.filter(slug=request.GET["author"]).first()
                queryset = (
                    queryset.filter(article_authors__author=author) if author else queryset.none()
                )
            if "from" in request.GET:
                queryset = queryset.filter(
                    first_published_at__gte=_bound(request.GET["from"], False)
                )
            if "to" in request.GET:
                queryset = queryset.filter(first_published_at__lte=_bound(request.GET["to"], True))
        except (ValueError, OverflowError) as exc:
            raise BadRequestError(str(exc)) from None
        return queryset.distinct()


# Ids and offsets past these are answered 400 before any query (a larger
# number overflowed the database driver: a 500).
MAX_OFFSET = 1_000_000
INTEGER_PARAMS = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")


class QueryValidationMixin:
    """Every query parameter checked before Wagtail reads it: no control
    characters, and whole numbers where numbers are expected, within range.
    Wagtail answers BadRequestError with 400 and `{"message": …}`."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if kwargs.get("pk") is not None and not _whole(str(kwargs["pk"]), MAX_DB_INT, minimum=0):
            raise Http404("no such object")
        for name, value in request.GET.items():
            if not is_clean(value) or not is_clean(name):
                raise BadRequestError(f"{name}: control characters are not allowed")
        if request.GET.get("search_operator", "and").lower() not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        for name in INTEGER_PARAMS:
            value = request.GET.get(name)
            if value is not None and value != "root" and not _whole(value, MAX_DB_INT):
                raise BadRequestError(f"{name} must be a positive whole number")
        for name, most in (("offset", MAX_OFFSET), ("limit", MAX_OFFSET)):
            value = request.GET.get(name)
            if value is not None and not _whole(value, most, minimum=0):
                raise BadRequestError(f"{name} must be a whole number from 0 to {most}")


def _whole(value: str, most: int, minimum: int = 1) -> bool:
    return value.isascii() and value.isdigit() and minimum <= int(value) <= most


class CacheHeadersMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Cache-Control"] = (
                f"public, max-age={settings.SAHIFA_DISTRIBUTION_API_MAX_AGE}"
            )
        elif response.status_code >= 400:
            response["Cache-Control"] = "no-store"
        return response


class SahifaPagesAPIViewSet(QueryValidationMixin, CacheHeadersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint; article pages carry the article fields."""

    filter_backends = [
        FieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        ArticleFilter,
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(ArticleFilter.params)

    def get_base_queryset(self):
        # One rule for every caller (sahifa.core.visibility), never the
        # caller's session: Wagtail's own filter shows a page to a session
        # that entered its password (these answers are cached publicly), and
        # asks for a user, which API requests here do not have
        # (UNAUTHENTICATED_USER=None), so one login-only page made it fail.
        queryset = visibility.visible(Page.objects.all())
        query = self.request.GET.get("site")
        try:
            site = SiteFilterValidator(site=query, request=self.request).site_obj
        except ValueError as exc:
            raise BadRequestError(str(exc)) from exc
        if site is None:
            return queryset.none()
        return queryset.descendant_of(site.root_page, inclusive=True)

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if isinstance(model, type) and issubclass(model, ArticlePage):
            fields += cls._convert_api_fields(article_api_fields())
        return fields

    @classmethod
    def get_meta_fields(cls, model):
        fields = super().get_meta_fields(model)
        if isinstance(model, type) and issubclass(model, ArticlePage):
            fields += cls._convert_api_fields(article_meta_fields())
        return fields

    @classmethod
    def get_detail_default_fields(cls, model):
        fields = super().get_detail_default_fields(model)
        # Duplicates of `headline`/`locale`-style noise are kept out of the defaults.
        return [f for f in fields if f not in ("alias_of",)]


class ArticlesAPIViewSet(SahifaPagesAPIViewSet):
    """/api/v2/articles/: live articles, newest first."""

    name = "articles"
    model = ArticlePage
    listing_default_fields = [
        "id", "type", "detail_url", "html_url", "headline", "dek", "section",
        "published_at", "updated_at", "hero",
    ]  # fmt: skip

    def get_queryset(self):
        ids = self.get_base_queryset().values_list("pk", flat=True)
        return ArticlePage.objects.filter(pk__in=ids).recent()

    def check_query_parameters(self, queryset):
        if "type" in self.request.GET:
            raise BadRequestError("query parameter is not an operation or a recognised field: type")
        return super().check_query_parameters(queryset)


def public_image_ids():
    """Images readers can already see: referenced by a live, public page."""
    pages = visibility.visible(Page.objects.all())
    page_type = ContentType.objects.get_for_model(Page)
    image_type = ContentType.objects.get_for_model(SahifaImage)
    refs = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=image_type,
        object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
    ).values_list("to_object_id", flat=True)
    return {int(pk) for pk in refs if str(pk).isdigit()}


class SahifaImagesAPIViewSet(QueryValidationMixin, CacheHeadersMixin, ImagesAPIViewSet):
    """Images used on live pages (never drafts' or embargoed pictures), with
    structured credit and ready-made renditions."""

    model = SahifaImage
    body_fields = ImagesAPIViewSet.body_fields + ["caption", "photographer", "agency"]
    listing_default_fields = ImagesAPIViewSet.listing_default_fields + ["caption", "credit"]

    @classmethod
    def get_body_fields(cls, model):
        from wagtail.api import APIField

        return super().get_body_fields(model) + cls._convert_api_fields(
            [
                APIField("credit", serializer=ComputedField(lambda i, r: i.credit)),
                APIField("renditions", serializer=ComputedField(serialize.image_renditions)),
            ]
        )

    def get_queryset(self):
        return SahifaImage.objects.filter(pk__in=public_image_ids()).order_by("id")


api_router = WagtailAPIRouter("distribution_api")
api_router.register_endpoint("pages", SahifaPagesAPIViewSet)
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("images", SahifaImagesAPIViewSet)


def api_base(request) -> str:
    return absolute("/api/v2/", request)
