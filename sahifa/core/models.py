from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page

from . import arabic


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


class SahifaRendition(AbstractRendition):
    image = models.ForeignKey(SahifaImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


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
