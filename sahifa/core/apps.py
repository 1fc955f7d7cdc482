from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sahifa.core"
    label = "core"
    verbose_name = "الأساس"

    def ready(self):
        # Imported here: the hook needs Wagtail's and taggit's models.
        from . import edge, pagecache, rendition_tasks, renditions, signal_handlers, sitewide
        from .models import connect_rendition_cache

        signal_handlers.register()
        connect_rendition_cache()
        # Rows every page shows, kept per process until a site-wide purge.
        sitewide.register()
        # Renditions a reader's request lacked reach the worker this way.
        renditions.install(rendition_tasks.enqueue)
        # Caches in front of the app drop what the page cache dropped.
        pagecache.pages_purged.connect(edge.pages_purged_receiver, dispatch_uid="sahifa.edge")
