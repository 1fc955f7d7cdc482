"""The only receivers of publishing signals: each one turns a Wagtail or
Django signal into a lifecycle event (sahifa.articles.lifecycle). Features
register consumers there instead of connecting signals of their own."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .lifecycle import Event, article_changed, rendering_changed
from .models import ArticlePage
from .services import mark_published


def on_published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        # Editorial dates first: every consumer then reads the final «آخر تحديث».
        mark_published(instance)
        article_changed(Event.PUBLISHED, instance.pk)
    else:
        rendering_changed()


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        article_changed(Event.UNPUBLISHED, instance.pk)
    else:
        rendering_changed()


def on_moved(sender, instance, **kwargs):
    # Wagtail sends the moved page as a plain Page; the sender is its class.
    if issubclass(sender, ArticlePage):
        article_changed(Event.MOVED, instance.pk)
    else:
        # A section moved: its articles' URLs changed, nothing else about them.
        rendering_changed()


def on_article_deleted(sender, instance, **kwargs):
    article_changed(Event.DELETED, instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    rendering_changed()


def on_rendering_changed(sender, **kwargs):
    rendering_changed()


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
    # Shown on every article and listing; named lazily so articles does not
    # import the authors pages (which list articles) or site settings.
    for model in ("core.SiteSettings", "authors.Author"):
        for signal in (post_save, post_delete):
            signal.connect(
                on_rendering_changed,
                sender=model,
                dispatch_uid=f"articles-lifecycle-{model}-{signal is post_save}",
            )
