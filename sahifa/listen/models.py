from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class PronunciationEntry(index.Indexed, models.Model):
    """How the audio says a written form: a Latin name (Tesla → تسلا) or an
    Arabic word the engine gets wrong. Matched as a whole word, ignoring case."""

    term = models.CharField("الكلمة كما تُكتب", max_length=120, unique=True)
    spoken = models.CharField(
        "النطق بالعربية", max_length=200, help_text="كما يجب أن تُقرأ، بحروف عربية."
    )
    note = models.CharField("ملاحظة", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("spoken"), FieldPanel("note")]
    search_fields = [index.SearchField("term"), index.SearchField("spoken")]

    class Meta:
        verbose_name = "نطق كلمة"
        verbose_name_plural = "معجم النطق"
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} ← {self.spoken}"


class ArticleAudio(models.Model):
    """The spoken version of one article and where its generation stands."""

    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"
    STATUSES = [(PENDING, "قيد الإعداد"), (READY, "جاهز"), (FAILED, "تعذّر الإنشاء")]

    page = models.OneToOneField(
        "articles.ArticlePage",
        verbose_name="المقال",
        on_delete=models.CASCADE,
        related_name="listen_audio",
    )
    status = models.CharField("الحالة", max_length=10, choices=STATUSES, default=PENDING)
    reason = models.TextField("سبب الإخفاق", blank=True)
    attempts = models.PositiveSmallIntegerField("المحاولات", default=0)
    # Hash of the spoken text and engine settings the current file was made
    # from, and of what was last asked for.
    text_hash = models.CharField(max_length=64, blank=True)
    requested_hash = models.CharField(max_length=64, blank=True)
    audio = models.FileField("الملف الصوتي", upload_to="audio/", blank=True)
    timings = models.FileField("توقيت الجمل (WebVTT)", upload_to="audio/", blank=True)
    duration = models.FloatField("المدة (ثانية)", default=0)
    size = models.PositiveBigIntegerField("الحجم (بايت)", default=0)
    sentences = models.PositiveIntegerField("عدد الجمل", default=0)
    characters = models.PositiveIntegerField("عدد الحروف", default=0)
    engine = models.CharField("المحرك", max_length=200, blank=True)
    generation_seconds = models.FloatField("زمن الإنشاء (ثانية)", default=0)
    requested_at = models.DateTimeField("طُلب في", null=True, blank=True)
    generated_at = models.DateTimeField("أُنشئ في", null=True, blank=True)

    class Meta:
        verbose_name = "صوت مقال"
        verbose_name_plural = "أصوات المقالات"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.page_id}: {self.get_status_display()}"

    @property
    def is_playable(self) -> bool:
        return bool(self.audio and self.timings and self.duration)
