from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField("الاسم", max_length=200)
    slug = models.SlugField("المعرّف في الرابط", max_length=200, unique=True, allow_unicode=True)
    role = models.CharField(
        "الصفة", max_length=200, blank=True, help_text="مثل: مراسلة الشؤون الدولية"
    )
    bio = models.TextField("نبذة", blank=True)
    photo = models.ForeignKey(
        "core.SahifaImage",
        verbose_name="الصورة",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    x_handle = models.CharField("حساب X", max_length=100, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("x_handle"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "كاتب"
        verbose_name_plural = "الكتّاب"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})
