import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.dev")
application = get_wsgi_application()

# Audience beacons (/audience/hit) are answered before Django builds a
# request, and so are pages this process holds in memory (the page cache).
from sahifa.audience.middleware import with_beacon  # noqa: E402
from sahifa.core.pagecache import wsgi as with_page_cache  # noqa: E402

application = with_beacon(with_page_cache(application))
