import functools
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image
from wagtail.models import Page, PageViewRestriction

from . import arabic, renditions, visibility

_FORMAT = re.compile(r"format-(\w+)")


def distinct_widths(found: dict) -> dict:
    """Leave out a rendition as wide as an earlier one of the same format: a
    source narrower than the widest spec (Wagtail never enlarges), or the
    original standing in for several missing sizes, would otherwise list one
    width twice in a srcset, which HTML forbids."""
    seen, kept = set(), {}
    for spec, rendition in found.items():
        match = _FORMAT.search(spec)
        key = (match.group(1) if match else "", rendition.width)
        if key not in seen:
            seen.add(key)
            kept[spec] = rendition
    return kept


class SahifaImage(AbstractImage):
    """An image with structured credit: who took it and which agency owns it,
    so credits render consistently and reach structured data."""

    caption = models.CharField("التعليق الافتراضي", max_length=500, blank=True)
    photographer = models.CharField("المصور", max_length=200, blank=True)
    agency = models.CharField(
        "الوكالة أو الجهة المالكة", max_length=200, blank=True, help_text="مثل AFP أو رويترز"
    )
    source_uri = models.CharField(max_length=500, blank=True, db_index=True, editable=False)

    admin_form_fields = Image.admin_form_fields + ("caption", "photographer", "agency")

    @property
    def credit(self) -> str:
        """`تصوير: اسم / AFP`, or whichever part exists."""
        parts = []
        if self.photographer:
            parts.append(f"تصوير: {self.photographer}")
        if self.agency:
            parts.append(self.agency)
        return " / ".join(parts)

    # -- renditions: read-only on a reader's request (sahifa/core/renditions.py) --
    def get_rendition(self, filter):
        self._attach_pending()
        if not renditions.reading():
            return super().get_rendition(filter)
        spec = filter if isinstance(filter, str) else filter.spec
        return self.get_renditions(spec)[spec]

    def get_renditions(self, *filters):
        return distinct_widths(self._get_renditions(*filters))

    def _attach_pending(self) -> None:
        batch = self.__dict__.pop(PENDING_RENDITIONS, None)
        if batch is not None:
            _attach_now(batch)

    def _get_renditions(self, *filters):
        self._attach_pending()
        if not renditions.reading():
            return super().get_renditions(*filters)
        cleaned = list(
            dict.fromkeys(
                self.clean_filter_for_svg(Filter(spec=f) if isinstance(f, str) else f)
                for f in filters
            )
        )
        found = self.find_existing_renditions(*cleaned)
        # Into Wagtail's rendition cache as its get_renditions() does (a cache
        # write, not a database one): the next render of this image asks the
        # database nothing. Wagtail drops them when the image or rendition
        # changes; stand-ins below are never cached.
        Rendition = self.get_rendition_model()
        fresh = {
            Rendition.construct_cache_key(self, f.get_cache_key(self), f.spec): r
            for f, r in found.items()
            if not getattr(r, "_from_cache", False)
        }
        if fresh:
            Rendition.cache_backend.set_many(fresh)
        missing = [f for f in cleaned if f not in found]
        if missing:
            # A cached list that lacks one (made since) is read again next time.
            forget_renditions(self.pk)
            found.update(self._stand_ins(missing))
            renditions.note_missing(self.pk, [f.spec for f in missing])
        return {f.spec: found[f] for f in cleaned}

    def _stand_ins(self, missing: list) -> dict:
        """What a reader sees until a missing rendition is generated: the same
        spec made for another focal point, else the original file. Never saved,
        never put in Wagtail's rendition cache."""
        Rendition = self.get_rendition_model()
        older = {
            r.filter_spec: r
            for r in Rendition.objects.filter(image=self, filter_spec__in=[f.spec for f in missing])
        }
        out = {}
        for f in missing:
            stand_in = older.get(f.spec) or Rendition(
                image=self,
                filter_spec=f.spec,
                focal_point_key="",
                file=self.file,
                width=self.width,
                height=self.height,
            )
            stand_in._from_cache = True  # Wagtail: do not write it to the cache
            out[f] = stand_in
        return out

    def create_renditions(self, *filters):
        # Wagtail creates them with bulk_create (no post_save): the image's
        # cached list (attach_renditions) goes here.
        created = super().create_renditions(*filters)
        if filters:  # Wagtail calls it with none when nothing is missing
            forget_renditions(self.pk)
        return created


class SahifaRendition(AbstractRendition):
    image = models.ForeignKey(SahifaImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# -- every rendition of a list's images, from the cache -------------------------
RENDITIONS_OF = "sahifa:renditions-of:{}"
RENDITIONS_OF_SECONDS = 24 * 3600


PENDING_RENDITIONS = "_sahifa_rendition_batch"


def attach_renditions(images) -> None:
    """Give each image of a listing all its renditions the way Wagtail reads
    prefetched ones (`prefetched_renditions`), from Wagtail's rendition
    cache, then from one query for the images the cache lacks: a warm list
    asks the database nothing, a cold one what prefetch_related asked.
    The cached list of an image is dropped whenever one of its renditions
    is created or deleted, or the image is saved.

    Read when the first of them is asked for a rendition, for the whole
    list: a listing whose cards come from kept parts (core/parts.py) reads
    none."""
    batch = [image for image in images if image is not None and image.pk]
    for image in batch:
        image.__dict__[PENDING_RENDITIONS] = batch


def _attach_now(images) -> None:
    # `images`: attach_renditions' batch, saved images only.
    images = {
        image.pk: image
        for image in images
        if getattr(image, "prefetched_renditions", None) is None
        and "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    }
    if not images:
        return
    backend = SahifaRendition.cache_backend
    keys = {RENDITIONS_OF.format(pk): pk for pk in images}
    found = {keys[key]: rows for key, rows in backend.get_many(list(keys)).items()}
    missing = [pk for pk in images if pk not in found]
    if missing:
        read = {pk: [] for pk in missing}
        for rendition in SahifaRendition.objects.filter(image_id__in=missing):
            read[rendition.image_id].append(rendition)
        backend.set_many(
            {RENDITIONS_OF.format(pk): rows for pk, rows in read.items()}, RENDITIONS_OF_SECONDS
        )
        found.update(read)
    for pk, image in images.items():
        rows = found[pk]
        for rendition in rows:
            rendition.image = image  # not read again through the foreign key
        image.prefetched_renditions = list(rows)


def forget_renditions(image_id, **kwargs) -> None:
    if image_id:
        SahifaRendition.cache_backend.delete(RENDITIONS_OF.format(image_id))


def _rendition_changed(sender, instance, **kwargs) -> None:
    forget_renditions(instance.image_id)


def _image_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Wagtail fills file_size/file_hash lazily: no rendition changes then.
    if update_fields is not None and set(update_fields) <= {"file_size", "file_hash"}:
        return
    forget_renditions(instance.pk)


def connect_rendition_cache() -> None:
    """Forget an image's cached renditions when it or one of them changes
    (called from CoreConfig.ready)."""
    for signal in (models.signals.post_save, models.signals.post_delete):
        saved = signal is models.signals.post_save
        signal.connect(
            _rendition_changed,
            sender=SahifaRendition,
            dispatch_uid=f"sahifa.renditions-of.rendition.{saved}",
        )
        signal.connect(
            _image_saved, sender=SahifaImage, dispatch_uid=f"sahifa.renditions-of.{saved}"
        )


@functools.cache
def _serve_first(depth: int) -> list:
    """Page types that declare `serve_first_at` = how many path steps below
    the site's home page they live (ArticlePage: section/article = 2)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BasePage) and getattr(model, "serve_first_at", None) == depth
    ]


class BasePage(Page):
    """SEO and social fields shared by every public page type."""

    social_image = models.ForeignKey(
        SahifaImage,
        verbose_name="صورة المشاركة",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="تظهر عند مشاركة الصفحة على الشبكات الاجتماعية.",
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True

    @classmethod
    def for_serving(cls, queryset):
        """The queryset a request for a page of this type is answered from:
        a page type adds the select_related/prefetch_related its template
        needs (ArticlePage: hero image, tags)."""
        return queryset

    def route(self, request, path_components):
        """Resolve the whole remaining path in two queries (the page by its
        `url_path`, then its specific row) where Wagtail walks the tree with
        two queries per level. No Sahifa page routes sub-paths of its own;
        a path this does not find (a 404, or a sub-route a page type might
        add) falls back to Wagtail's walk, which decides."""
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            where = {"url_path": url_path, "path__startswith": self.path}
            # The page type most URLs at this depth are (articles, two steps
            # below the home page) is tried first: one query when it is one.
            for model in _serve_first(len(path_components)):
                page = self._serving(model, where)
                if page is not None:
                    return page.route(request, [])
            found = Page.objects.filter(**where).values_list("pk", "content_type_id").first()
            if found is not None:
                model = ContentType.objects.get_for_id(found[1]).model_class()
                if model is not None and issubclass(model, BasePage):
                    page = self._serving(model, {"pk": found[0]})
                    if page is not None:
                        return page.route(request, [])
        return super().route(request, path_components)

    @staticmethod
    def _serving(model, where):
        # Whether a restriction covers the page comes in the same query.
        queryset = model.for_serving(model._default_manager.filter(**where))
        page = queryset.annotate(_restricted=visibility.restricted_q()).first()
        if page is not None:
            page.__dict__[visibility.MEMO] = page._restricted
        return page

    def get_view_restrictions(self):
        """Restrictions on this page and its ancestors in one query (Wagtail
        asks for the ancestors first); the answer is remembered on the
        instance, so the page's own visibility checks while it renders ask
        no more. Aliases keep Wagtail's lookup through their original."""
        if self.alias_of_id or not self.path:
            return super().get_view_restrictions()
        if self.__dict__.get(visibility.MEMO) is False:
            # Known free of restrictions since it was read for this request.
            return PageViewRestriction.objects.none()
        restrictions = PageViewRestriction.objects.filter(
            page__path__in=visibility.ancestor_paths(self)
        )
        self.__dict__[visibility.MEMO] = bool(list(restrictions))
        return restrictions


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Newsroom-wide presentation settings, editable in the admin."""

    tagline = models.CharField("الشعار النصي", max_length=200, blank=True)
    date_style = models.CharField(
        "أسماء الأشهر",
        max_length=20,
        choices=arabic.DATE_STYLES,
        default=arabic.DATE_STYLE_DUAL,
    )
    digits = models.CharField(
        "الأرقام", max_length=20, choices=arabic.DIGIT_STYLES, default=arabic.DIGITS_WESTERN
    )
    publisher_logo = models.ForeignKey(
        SahifaImage,
        verbose_name="شعار الناشر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    x_url = models.URLField("X (تويتر سابقاً)", blank=True)
    facebook_url = models.URLField("فيسبوك", blank=True)
    instagram_url = models.URLField("إنستغرام", blank=True)
    youtube_url = models.URLField("يوتيوب", blank=True)
    telegram_url = models.URLField("تيليغرام", blank=True)
    whatsapp_url = models.URLField("قناة واتساب", blank=True)
    tiktok_url = models.URLField("تيك توك", blank=True)

    panels = [
        FieldPanel("tagline"),
        FieldPanel("publisher_logo"),
        MultiFieldPanel([FieldPanel("date_style"), FieldPanel("digits")], "التواريخ والأرقام"),
        MultiFieldPanel(
            [
                FieldPanel("x_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("telegram_url"),
                FieldPanel("whatsapp_url"),
                FieldPanel("tiktok_url"),
            ],
            "تابعونا على منصات التواصل الاجتماعي",
        ),
    ]

    class Meta:
        verbose_name = "إعدادات الموقع"

    FOLLOW_FIELDS = (
        ("x_url", "X"),
        ("facebook_url", "فيسبوك"),
        ("instagram_url", "إنستغرام"),
        ("youtube_url", "يوتيوب"),
        ("telegram_url", "تيليغرام"),
        ("whatsapp_url", "واتساب"),
        ("tiktok_url", "تيك توك"),
    )

    def follow_links(self) -> list[dict]:
        return [
            {"name": name, "url": getattr(self, field), "key": field.removesuffix("_url")}
            for field, name in self.FOLLOW_FIELDS
            if getattr(self, field)
        ]
