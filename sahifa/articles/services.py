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
