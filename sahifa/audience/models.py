"""Audience counts. Counting tables hold numbers per article and time bucket
only: no visitor hash, IP or user agent is ever stored with them."""

from django.db import models


class ArticleCounts(models.Model):
    """The numbers of one article in one time bucket (the subclass's)."""

    page = models.ForeignKey(
        "articles.ArticlePage", verbose_name="المقال", on_delete=models.CASCADE, related_name="+"
    )
    # One per visitor per article per clock hour (the dedupe window).
    views = models.PositiveIntegerField("قراءات فريدة", default=0)
    # Every accepted beacon (human, ran the page's JS), before dedupe.
    pageviews = models.PositiveIntegerField("مشاهدات", default=0)
    # Share clicks, one per visitor per article per network per hour.
    shares = models.PositiveIntegerField("مشاركات", default=0)

    class Meta:
        abstract = True


class ArticleHourlyStats(ArticleCounts):
    """One row per article per clock hour (UTC), written in batches by
    services.flush(). Rankings are computed from these rows."""

    hour = models.DateTimeField("الساعة")

    class Meta:
        verbose_name = "إحصاء ساعي"
        verbose_name_plural = "إحصاءات ساعية"
        constraints = [
            models.UniqueConstraint(fields=["page", "hour"], name="audience_hourly_page_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="audience_hourly_hour")]

    def __str__(self):
        return f"{self.page_id} @ {self.hour:%Y-%m-%d %H}:00"


class ArticleDailyStats(ArticleCounts):
    """History: the hourly rows summed per local day (TIME_ZONE). Hourly rows
    are pruned after SAHIFA_AUDIENCE_HOURLY_RETENTION_DAYS; these are kept."""

    day = models.DateField("اليوم")

    class Meta:
        verbose_name = "إحصاء يومي"
        verbose_name_plural = "إحصاءات يومية"
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="audience_daily_page_day")
        ]
        indexes = [models.Index(fields=["day"], name="audience_daily_day")]

    def __str__(self):
        return f"{self.page_id} @ {self.day}"


class SeenKey(models.Model):
    """Dedupe keys of the embedded store (Redis keeps its own): a 64-bit hash
    of (visitor hash, article, event, hour). Deleted once the hour is over, so
    nothing here links a visitor to the counts for longer than that."""

    key = models.BigIntegerField(primary_key=True)
    hour = models.DateTimeField(db_index=True)

    def __str__(self):
        return str(self.key)


class DailySalt(models.Model):
    """The random salt of the visitor hash for one UTC day, shared by every
    process of the embedded install. Deleted when the day is over."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)
