from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "sahifa.articles"
    label = "articles"
    verbose_name = "المقالات"

    def ready(self):
        # Imported here: they need the models, which exist only once apps load.
        from sahifa.core import pagecache

        from . import signal_handlers
        from .lifecycle import Consumer, register

        signal_handlers.register()
        # Cheap and needed at once: cached pages go stale on every change.
        register(
            Consumer(
                "pagecache",
                sync=lambda page_id: pagecache.invalidate(),
                refresh=pagecache.invalidate,
                inline=True,
            )
        )
