"""Production settings: refuse to start without secrets, no silent defaults."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY
from .env import env_bool, env_int

# Django's own test for a weak key (check --deploy, security.W009), and the
# placeholders the docs and tests use: refused, not just warned about.
_PLACEHOLDER_KEYS = {"tests-only-not-secret", "change-me", "changeme", "secret"}
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
    or SECRET_KEY.lower() in _PLACEHOLDER_KEYS
    or SECRET_KEY.startswith("<")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "ALLOW_SQLITE_IN_PRODUCTION"
):
    raise ImproperlyConfigured(
        "Production expects PostgreSQL: set DATABASE_URL=postgres://... "
        "(or ALLOW_SQLITE_IN_PRODUCTION=1 for a single-machine install)."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# HTTPS only: plain-HTTP requests are redirected (the proxy should do it
# first), except health checks a load balancer makes over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to preload the domain is the operator's commitment to
    # make (hstspreload.org), not a default: its check stays quiet until then.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
