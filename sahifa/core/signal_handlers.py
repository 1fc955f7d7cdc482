from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from . import pagecache


def register():
    # Anything a reader can see changed: cached pages are stale.
    page_published.connect(pagecache.invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(pagecache.invalidate, dispatch_uid="pagecache-unpublished")
    post_delete.connect(pagecache.invalidate, sender=Page, dispatch_uid="pagecache-page-deleted")
    from sahifa.authors.models import Author

    from .models import SiteSettings

    for model in (SiteSettings, Author):
        post_save.connect(
            pagecache.invalidate, sender=model, dispatch_uid=f"pagecache-{model.__name__}"
        )
