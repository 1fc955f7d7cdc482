from django.utils import timezone

from .models import ArticlePage


def mark_published(page: ArticlePage, now=None) -> None:
    """Record a publication: a changed text after the first publication
    sets «آخر تحديث»; saving without changes does not."""
    new_hash = page.content_hash()
    if new_hash == page.published_hash:
        return
    updates = {"published_hash": new_hash}
    if page.published_hash:
        updates["last_updated_at"] = now or timezone.now()
    ArticlePage.objects.filter(pk=page.pk).update(**updates)
    for field, value in updates.items():
        setattr(page, field, value)


def analysed_index_is_stale(rows, analyzer: str) -> bool:
    """For a feature that stores articles' analysed text with the analyzer
    that wrote it (search entries, related vectors; `analyzer` is
    sahifa.analysis.fingerprint()): whether a rebuild is due. A row written
    by another analyzer (an upgrade changed sahifa.analysis), or no row at
    all while articles are public."""
    if rows.exclude(analyzer=analyzer).exists():
        return True
    return not rows.exists() and ArticlePage.objects.visible().exists()
