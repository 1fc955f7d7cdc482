import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.dev")
application = get_wsgi_application()

# Audience beacons (/audience/hit) are answered before Django builds a request.
from sahifa.audience.middleware import with_beacon  # noqa: E402

application = with_beacon(application)
