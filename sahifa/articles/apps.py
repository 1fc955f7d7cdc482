from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "sahifa.articles"
    label = "articles"
    verbose_name = "المقالات"

    def ready(self):
        # Imported here: they need the models, which exist only once apps load.
        from django.db.models.signals import post_init, post_migrate
        from wagtail import hooks

        from sahifa.core import pagecache, surrogate

        from . import cachekeys, listing_dates, renditions, signal_handlers
        from .lifecycle import Consumer, register
        from .models import ArticlePage

        signal_handlers.register()
        # The listing-date triggers survive migrations that rebuild tables.
        post_migrate.connect(
            listing_dates.ensure_triggers, sender=self, dispatch_uid="listing-dates"
        )
        # Renditions are made on publish, never on a reader's request.
        renditions.register()
        # Cheap and needed at once: the pages showing the article go stale
        # (only those); a site-wide change still drops every page, at once
        # or, when it takes nothing away from the public, lazily.
        register(
            Consumer(
                "pagecache",
                sync=cachekeys.purge_article,
                sync_many=cachekeys.purge_articles,
                refresh=pagecache.invalidate,
                refresh_lazily=cachekeys.refresh_lazily,
                inline=True,
            )
        )
        # Surrogate keys: every article loaded while a page renders is one it
        # may show, and the served page is the list a new article may enter.
        post_init.connect(
            surrogate.on_article_loaded, sender=ArticlePage, dispatch_uid="pagecache-article-keys"
        )
        hooks.register("before_serve_page", surrogate.on_page_served)
