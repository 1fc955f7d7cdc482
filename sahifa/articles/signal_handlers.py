"""The only receivers of publishing signals: each one turns a Wagtail or
Django signal into a lifecycle event (sahifa.articles.lifecycle). Features
register consumers there instead of connecting signals of their own."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from sahifa.core.visibility import is_restricted

from .lifecycle import Event, article_changed, rendering_changed
from .models import ArticlePage
from .services import mark_published


def on_published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        # Editorial dates first: every consumer then reads the final «آخر تحديث».
        mark_published(instance)
        article_changed(Event.PUBLISHED, instance.pk)
    else:
        # A section or standing page, new or edited: the page itself is
        # exact, every other page may show the old menu a little longer.
        rendering_changed(lazy=True, page_id=instance.pk)


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        article_changed(Event.UNPUBLISHED, instance.pk)
    else:
        rendering_changed()


def on_moved(sender, instance, **kwargs):
    # Wagtail sends the moved page as a plain Page; the sender is its class.
    if issubclass(sender, ArticlePage):
        article_changed(Event.MOVED, instance.pk)
        return
    # A section moved: its articles' URLs changed, and when it left or
    # entered a restricted branch, whether the public may see them.
    rendering_changed()
    before, after = kwargs.get("parent_page_before"), kwargs.get("parent_page_after")
    if before is not None and after is not None and is_restricted(before) != is_restricted(after):
        subtree_changed(instance)


def subtree_changed(page) -> None:
    """A view restriction on `page` changed: every article at or below it
    may have become visible to the public, or stopped being so."""
    for page_id in ArticlePage.objects.descendant_of(page, inclusive=True).values_list(
        "pk", flat=True
    ):
        article_changed(Event.RESTRICTED, page_id)
    if not issubclass(page.specific_class or Page, ArticlePage):
        # Listings, the menu and sitemaps show the section itself.
        rendering_changed()


def on_restriction_changed(sender, instance, **kwargs):
    # Saved (added, or its type or password changed) or deleted. When a
    # restricted page is deleted, its restriction goes first and the page
    # may already be gone by the time this runs.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        subtree_changed(page)


def on_article_deleted(sender, instance, **kwargs):
    article_changed(Event.DELETED, instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    rendering_changed()


def on_rendering_changed(sender, **kwargs):
    # Settings or an author saved: shown differently, nothing taken away.
    # Deleted: an author's name and page go, at once.
    rendering_changed(lazy="created" in kwargs)


def register():
    # Wagtail sends these with the specific class as sender: connect once for
    # every page type and tell articles from the rest here.
    page_published.connect(on_published, dispatch_uid="articles-lifecycle-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="articles-lifecycle-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="articles-lifecycle-moved")
    post_delete.connect(
        on_article_deleted, sender=ArticlePage, dispatch_uid="articles-lifecycle-deleted"
    )
    post_delete.connect(
        on_page_deleted, sender=Page, dispatch_uid="articles-lifecycle-page-deleted"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"articles-lifecycle-restriction-{signal is post_save}",
        )
    # Shown on every article and listing; named lazily so articles does not
    # import the authors pages (which list articles) or site settings.
    for model in ("core.SiteSettings", "authors.Author"):
        for signal in (post_save, post_delete):
            signal.connect(
                on_rendering_changed,
                sender=model,
                dispatch_uid=f"articles-lifecycle-{model}-{signal is post_save}",
            )
