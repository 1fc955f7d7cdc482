"""Settings shared by every environment. Values come from the environment
(see docs/configuration.md and .env.example) with defaults that work locally.

Each setting is assigned once, and each feature's settings and environment
variables share one prefix (SAHIFA_SEARCH_, SAHIFA_LISTEN_, ...), so
`grep SAHIFA_LISTEN_` finds all of them. Django's and Wagtail's own settings
keep their names; only the variables that feed them carry the prefix."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "sahifa"
VAR_DIR = Path(env_str("SAHIFA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    # Sahifa: one app per capability.
    "sahifa.core",
    "sahifa.home",
    "sahifa.sections",
    "sahifa.articles",
    "sahifa.authors",
    "sahifa.tags",
    "sahifa.pages",
    "sahifa.analysis",
    "sahifa.search",
    "sahifa.related",
    "sahifa.audience",
    "sahifa.listen",
    "sahifa.distribution",
    "sahifa.newsroom",
    "sahifa.importers",
    "sahifa.demo",
    "sahifa.backup",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    # Public read-only API and its CORS headers (sahifa.distribution).
    "rest_framework",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    # Newsroom accounts (sahifa.newsroom): login throttling, TOTP two-factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # The audience beacon is answered before anything else (no session, no CSRF).
    "sahifa.audience.middleware.BeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A path with NUL or another control character: 404 before any lookup.
    "sahifa.core.middleware.CleanPathMiddleware",
    # Anonymous GETs read from DATABASE_REPLICA_URL when set (no-op otherwise).
    "sahifa.core.dbrouter.ReplicaRoutingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A reader's request never creates image renditions (a write): it gets
    # the existing ones or a stand-in (sahifa/core/renditions.py). Outside
    # the page cache, which fills live fragments of cached pages itself.
    "sahifa.core.renditions.ReaderRenditionsMiddleware",
    "sahifa.core.pagecache.PageCacheMiddleware",
    # Inside the page cache, so a cached page keeps its CSP (sahifa/core/security.py).
    "sahifa.core.security.SecurityHeadersMiddleware",
    # The request's Wagtail Site from what the process keeps (core/sitewide.py).
    "sahifa.core.sitewide.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, as django-cors-headers requires.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sahifa.newsroom.accounts.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sahifa.urls"
WSGI_APPLICATION = "sahifa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "sahifa.core.context_processors.site_chrome",
                "sahifa.sections.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, default a SQLite file under var/.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sahifa.sqlite3'}")
_database = dj_database_url.parse(
    DATABASE_URL,
    # Persistent connections: reconnecting cost ~1 ms of a ~3.6 ms stock page.
    conn_max_age=env_int("CONN_MAX_AGE", 600),
    conn_health_checks=True,
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes.
    _database["OPTIONS"] = {
        **_database.get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for another's write (readers never wait in
        # WAL); long writes are chunked so this is rarely reached.
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }
# Scale-out: anonymous readers' queries go to a PostgreSQL read replica
# (sahifa/core/dbrouter.py); writes, the admin and signed-in editors stay on
# the primary. Tests mirror it onto the primary's test database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
DATABASE_REPLICA_EXCLUDE = ["/admin/", "/healthz", "/readyz"]
_replica = (
    {
        "replica": {
            **dj_database_url.parse(
                DATABASE_REPLICA_URL,
                conn_max_age=env_int("CONN_MAX_AGE", 600),
                conn_health_checks=True,
            ),
            "TEST": {"MIRROR": "default"},
        }
    }
    if DATABASE_REPLICA_URL
    else {}
)
DATABASES = {"default": _database, **_replica}
DATABASE_ROUTERS = ["sahifa.core.dbrouter.ReplicaRouter"] if DATABASE_REPLICA_URL else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise local memory. The "pages"
# cache holds rendered pages for anonymous readers (sahifa/core/pagecache.py)
# and is shared by every web process, so a publish invalidates them all:
# Redis, or files under var/. With Redis down both degrade to misses (pages
# render uncached, sahifa/core/cache.py); a stalled Redis costs a request at
# most the socket timeouts.
REDIS_URL = env_str("REDIS_URL")
_redis_options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
CACHES = (
    {
        "default": {
            "BACKEND": "sahifa.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sahifa",
            "OPTIONS": _redis_options,
        },
        "pages": {
            "BACKEND": "sahifa.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sahifa-pages",
            "OPTIONS": _redis_options,
        },
    }
    if REDIS_URL
    else {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30)
# Marked parts of pages (an article's body, its related block, its head's
# structured data) kept per web process between renders, trusted against
# the page cache's purge log (sahifa/core/parts.py); 0 turns it off.
PART_CACHE_SECONDS = env_int("PART_CACHE_SECONDS", 30)
PAGE_CACHE_EXCLUDE = ["/admin/", "/documents/", "/healthz", "/readyz", "/media/", "/static/"]

# Caches in front of the app, purged with the page cache (sahifa/core/edge.py):
# the shipped nginx (deploy/nginx/, PURGE over HTTP) and CDNs through Wagtail's
# frontend_cache backends, each enabled by its variables.
SAHIFA_PROXY_PURGE_URL = env_str("SAHIFA_PROXY_PURGE_URL").rstrip("/")
SAHIFA_PROXY_PURGE_TIMEOUT = env_float("SAHIFA_PROXY_PURGE_TIMEOUT", 1.0)
_cdn_hosts = env_list("SAHIFA_CDN_HOSTNAMES", [])
_cdn_backends = {
    "cloudflare": (
        ["SAHIFA_CDN_CLOUDFLARE_ZONE_ID", "SAHIFA_CDN_CLOUDFLARE_BEARER_TOKEN"],
        lambda: {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": env_str("SAHIFA_CDN_CLOUDFLARE_ZONE_ID"),
            "BEARER_TOKEN": env_str("SAHIFA_CDN_CLOUDFLARE_BEARER_TOKEN"),
        },
    ),
    "cloudfront": (
        ["SAHIFA_CDN_CLOUDFRONT_DISTRIBUTION_ID"],
        lambda: {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env_str("SAHIFA_CDN_CLOUDFRONT_DISTRIBUTION_ID"),
        },
    ),
    "azure": (
        [
            "SAHIFA_CDN_AZURE_RESOURCE_GROUP",
            "SAHIFA_CDN_AZURE_PROFILE_NAME",
            "SAHIFA_CDN_AZURE_ENDPOINT_NAME",
        ],
        lambda: {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.AzureCdnBackend",
            "RESOURCE_GROUP_NAME": env_str("SAHIFA_CDN_AZURE_RESOURCE_GROUP"),
            "CDN_PROFILE_NAME": env_str("SAHIFA_CDN_AZURE_PROFILE_NAME"),
            "CDN_ENDPOINT_NAME": env_str("SAHIFA_CDN_AZURE_ENDPOINT_NAME"),
        },
    ),
    "http": (
        ["SAHIFA_CDN_HTTP_PURGE_URL"],
        lambda: {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env_str("SAHIFA_CDN_HTTP_PURGE_URL"),
        },
    ),
}
WAGTAILFRONTENDCACHE = {
    name: {**build(), **({"HOSTNAMES": _cdn_hosts} if _cdn_hosts else {})}
    for name, (required, build) in _cdn_backends.items()
    if all(env_str(variable) for variable in required)
}

# Background tasks: Django's tasks API (django-tasks), the same queue Wagtail 8
# uses for its own jobs. Stored in the database and run by `manage.py db_worker`
# (started by `make run`); TASKS_BACKEND=immediate runs them inline.
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# `manage.py run_worker` (sahifa/core/worker.py): each task's budget (seconds,
# address space in MB, 0 = none), and how many times a task whose worker died
# is run before it is marked failed.
SAHIFA_JOBS_TIME_LIMIT = env_int("SAHIFA_JOBS_TIME_LIMIT", 900)
SAHIFA_JOBS_MEMORY_LIMIT_MB = env_int("SAHIFA_JOBS_MEMORY_LIMIT_MB", 2048)
SAHIFA_JOBS_MAX_ATTEMPTS = env_int("SAHIFA_JOBS_MAX_ATTEMPTS", 3)
# /readyz reports "degraded" when the oldest ready task waited longer (seconds).
SAHIFA_HEALTH_QUEUE_AGE = env_int("SAHIFA_HEALTH_QUEUE_AGE", 300)
# Niceness of the worker, the scheduler and long commands (sahifa/core/priority.py):
# readers' requests win the CPU over background work. 0: same priority as the web.
SAHIFA_BACKGROUND_NICE = env_int("SAHIFA_BACKGROUND_NICE", 10)

# --- Newsroom accounts (sahifa.newsroom, docs/newsroom.md): SAHIFA_NEWSROOM_* --
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's own, with an Arabic message for every length.
        "NAME": "sahifa.newsroom.accounts.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("SAHIFA_NEWSROOM_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins counted per client address and per username, each locked for
# the cool-off once it reaches the limit (a retry while locked restarts it).
AXES_FAILURE_LIMIT = env_int("SAHIFA_NEWSROOM_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("SAHIFA_NEWSROOM_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# An Arabic page (HTTP 429) saying when to try again.
AXES_LOCKOUT_CALLABLE = "sahifa.newsroom.accounts.lockout_response"
# The same client address as the audience beacons (trusted proxies only).
AXES_CLIENT_IP_CALLABLE = "sahifa.newsroom.accounts.client_ip"
# Admin sessions: 12 hours, optionally ended with the browser.
SESSION_COOKIE_AGE = env_int("SAHIFA_NEWSROOM_SESSION_SECONDS", 12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SAHIFA_NEWSROOM_SESSION_BROWSER_CLOSE", False)
# TOTP two-factor: optional for everyone; when on, editors, admins and
# superusers must enrol before they can use the admin.
SAHIFA_NEWSROOM_REQUIRE_2FA = env_bool("SAHIFA_NEWSROOM_REQUIRE_2FA", False)

# Arabic first. No LocaleMiddleware: readers and the admin get Arabic whatever
# the browser asks for; an editor may pick English in their admin account.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Riyadh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# The embedded default serves media itself; behind nginx/CDN set this off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
# Libraries that log a line per task or per command start: their details are
# for LOG_LEVEL=DEBUG; the worker logs one line per task itself.
_CHATTY = "DEBUG" if LOG_LEVEL == "DEBUG" else "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "sahifa.core.logs.UTCFormatter",
            "timestamps": env_bool("LOG_TIMESTAMPS", True),
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {name: {"level": _CHATTY} for name in ("django_tasks", "axes")},
}

# Email (review notifications): console in development unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Our Arabic for admin strings Wagtail's catalogue lacks or words oddly.
LOCALE_PATHS = [PROJECT_DIR / "locale"]

# Wagtail
WAGTAILADMIN_USER_LOGIN_FORM = "sahifa.newsroom.forms.LoginForm"
WAGTAIL_SITE_NAME = env_str("SAHIFA_SITE_NAME", "صحيفة")
# Autosave is off by default: on a new page it saved a draft behind the
# editor's back, so their own first save then clashed with it on the slug.
# Seconds between autosaves when turned on (Wagtail's own default is 500).
WAGTAIL_AUTOSAVE_INTERVAL = env_int("SAHIFA_ADMIN_AUTOSAVE_INTERVAL", 0)
# The newsroom's public address: the podcast feed's itunes:owner (Apple
# verifies ownership by it) and the contact page setup_site writes.
SAHIFA_CONTACT_EMAIL = env_str("SAHIFA_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# The account name authenticator apps show for the newsroom's TOTP codes.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILIMAGES_IMAGE_MODEL = "core.SahifaImage"
# Documents only ever through /documents/<id>/<name>, whose view checks
# collection privacy: never a direct /media/documents/ link.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# Admin page search and the Wagtail API's ?search= answer live articles from
# the same Arabic index as /search/; other content stays on Wagtail's
# database backend.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "sahifa.search.admin_backend"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "heic": "webp", "bmp": "jpeg"}
# Arabic tag names keep their letters in slugs.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = False
# Tag names typed in the admin get the clean-text rule (sahifa/core/text.py).
TAGGIT_TAGS_FROM_STRING = "sahifa.core.text.tags_from_string"
# Larger uploads are refused with Wagtail's message (a 100-megapixel PNG
# took 8.9 s and 1.8 GB to render); the importers apply the same limit.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("SAHIFA_IMAGES_MAX_PIXELS", 40_000_000)

# Site-wide
SAHIFA_PAGE_SIZE = env_int("SAHIFA_PAGE_SIZE", 12)
# Largest article body (characters of its stored JSON) the admin and the
# importers accept: a 50 MB body took 9.5 s and 886 MB to render.
SAHIFA_ARTICLES_BODY_MAX_CHARS = env_int("SAHIFA_ARTICLES_BODY_MAX_CHARS", 2_000_000)
# Room for such a body in the editor's form (Arabic is 2 bytes a letter in
# UTF-8, plus markup), so it gets the clear message; a larger request is
# refused (400) before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, 4 * SAHIFA_ARTICLES_BODY_MAX_CHARS)
SAHIFA_DEMO_PASSWORD = env_str("SAHIFA_DEMO_PASSWORD", "sahifa-demo")

# --- Search (sahifa.search, docs/search.md): SAHIFA_SEARCH_* -----------------
# "database" follows DATABASES: SQLite FTS5 or PostgreSQL tsvector + GIN over
# the Arabic-analyzed shadow text. "elasticsearch"/"opensearch" use the
# cluster at SAHIFA_SEARCH_URL.
SAHIFA_SEARCH_ENGINE = env_str("SAHIFA_SEARCH_ENGINE", "database")
SAHIFA_SEARCH_URL = env_str("SAHIFA_SEARCH_URL", "http://127.0.0.1:9200/sahifa")
SAHIFA_SEARCH_PAGE_SIZE = env_int("SAHIFA_SEARCH_PAGE_SIZE", 10)

# --- Related news (sahifa.related, docs/related.md): SAHIFA_RELATED_* -------
# Stories shown in «أخبار ذات صلة» under an article (pins included).
SAHIFA_RELATED_COUNT = env_int("SAHIFA_RELATED_COUNT", 6)

# --- Listen to the article (sahifa.listen, docs/listen.md): SAHIFA_LISTEN_* ---
# Default engine: text2tashkeel + eSpeak NG, offline. SAHIFA_LISTEN_ENGINE=piper
# uses an operator-supplied Piper voice file (needs the piper-tts package).
SAHIFA_LISTEN_ENGINES = {
    "espeak": "sahifa.listen.backends.espeak.EspeakEngine",
    "piper": "sahifa.listen.backends.piper.PiperEngine",
}
_listen_engine = env_str("SAHIFA_LISTEN_ENGINE", "espeak")
if _listen_engine not in SAHIFA_LISTEN_ENGINES:
    raise ImproperlyConfigured(
        f"SAHIFA_LISTEN_ENGINE must be one of {', '.join(SAHIFA_LISTEN_ENGINES)}"
    )
SAHIFA_LISTEN_ENGINE = SAHIFA_LISTEN_ENGINES[_listen_engine]
SAHIFA_LISTEN_DIACRITIZER = env_str("SAHIFA_LISTEN_DIACRITIZER", "rawi-v3-int8")
SAHIFA_LISTEN_ENGINE_OPTIONS = (
    {
        "voice": env_str("SAHIFA_LISTEN_ESPEAK_VOICE", "ar"),
        "rate": env_int("SAHIFA_LISTEN_ESPEAK_RATE", 240),
        "pitch": env_int("SAHIFA_LISTEN_ESPEAK_PITCH", 45),
        "diacritizer": SAHIFA_LISTEN_DIACRITIZER,
    }
    if _listen_engine == "espeak"
    else {
        "voice_path": env_str("SAHIFA_LISTEN_PIPER_VOICE"),
        "diacritizer": SAHIFA_LISTEN_DIACRITIZER,
    }
)
SAHIFA_LISTEN_MP3_BITRATE = env_int("SAHIFA_LISTEN_MP3_BITRATE", 48)
SAHIFA_LISTEN_FEED_SIZE = env_int("SAHIFA_LISTEN_FEED_SIZE", 50)
# The pass that re-queues missing, failed or outdated audio (e.g. after a lost task).
SAHIFA_LISTEN_REFRESH_INTERVAL = env_int("SAHIFA_LISTEN_REFRESH_INTERVAL", 3600)
# Longer articles (characters of spoken text) get no audio, with a message to editors.
SAHIFA_LISTEN_MAX_CHARACTERS = env_int("SAHIFA_LISTEN_MAX_CHARACTERS", 60_000)

# --- Audience (sahifa.audience, docs/audience.md): SAHIFA_AUDIENCE_* ---------
# View/share counting, most read, trending. Redis when set (production: atomic
# counters + HyperLogLog), else the embedded store (per-process buffer, dedupe
# keys in the database).
SAHIFA_AUDIENCE_REDIS_URL = env_str("SAHIFA_AUDIENCE_REDIS_URL", REDIS_URL)
# Seconds between batch writes to the database (also the most a crash loses).
SAHIFA_AUDIENCE_FLUSH_SECONDS = env_int("SAHIFA_AUDIENCE_FLUSH_SECONDS", 5)
# With Redis: seconds each web process buffers hits before pushing them to
# Redis in one round trip (also the most a killed process loses).
SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS = env_float("SAHIFA_AUDIENCE_REDIS_PUSH_SECONDS", 0.5)
# Each web process flushes from a background thread; off only in unit tests.
SAHIFA_AUDIENCE_FLUSH_THREAD = env_bool("SAHIFA_AUDIENCE_FLUSH_THREAD", True)
# Hits buffered in one process before a flush is started early.
SAHIFA_AUDIENCE_BUFFER_MAX = env_int("SAHIFA_AUDIENCE_BUFFER_MAX", 50_000)
# Seconds a ranking (and the rendered blocks) may be reused.
SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS = env_int("SAHIFA_AUDIENCE_RANKING_CACHE_SECONDS", 5)
SAHIFA_AUDIENCE_TRENDING_HALF_LIFE_HOURS = env_int("SAHIFA_AUDIENCE_TRENDING_HALF_LIFE_HOURS", 2)
SAHIFA_AUDIENCE_SHARE_WEIGHT = env_int("SAHIFA_AUDIENCE_SHARE_WEIGHT", 5)
SAHIFA_AUDIENCE_HOURLY_RETENTION_DAYS = env_int("SAHIFA_AUDIENCE_HOURLY_RETENTION_DAYS", 14)
# Behind a reverse proxy: the header carrying the client IP (e.g.
# X-Forwarded-For), read only when the peer is one of the trusted proxies.
SAHIFA_AUDIENCE_CLIENT_IP_HEADER = env_str("SAHIFA_AUDIENCE_CLIENT_IP_HEADER")
SAHIFA_AUDIENCE_TRUSTED_PROXIES = env_list(
    "SAHIFA_AUDIENCE_TRUSTED_PROXIES", ["127.0.0.1/32", "::1/128"]
)
# More user-agent regular expressions to treat as bots (comma-separated).
SAHIFA_AUDIENCE_EXTRA_BOT_PATTERNS = env_list("SAHIFA_AUDIENCE_EXTRA_BOT_PATTERNS", [])
# Honest counts (docs/audience.md): beacons per address (IPv4, or IPv6 /64)
# per window in each web process, beyond which they are not counted (0: no limit)...
SAHIFA_AUDIENCE_RATE_LIMIT = env_int("SAHIFA_AUDIENCE_RATE_LIMIT", 120)
SAHIFA_AUDIENCE_RATE_WINDOW_SECONDS = env_int("SAHIFA_AUDIENCE_RATE_WINDOW_SECONDS", 60)
# ...and the most unique readers one address counts as, per article per hour (0: off).
SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS = env_int("SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS", 16)

# --- Distribution (sahifa.distribution, docs/distribution.md): SAHIFA_DISTRIBUTION_*
# Public read-only API (Wagtail API v2 + DRF), CORS for the API and feeds.
CORS_URLS_REGEX = r"^/(api/|feed/|sitemap).*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOWED_ORIGINS = env_list("SAHIFA_DISTRIBUTION_CORS_ORIGINS", [])
# No origins listed: any origin may read (the API is public and read-only).
CORS_ALLOW_ALL_ORIGINS = env_bool("SAHIFA_DISTRIBUTION_CORS_ALLOW_ALL", not CORS_ALLOWED_ORIGINS)
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = True
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SAHIFA_DISTRIBUTION_API_MAX_AGE = env_int("SAHIFA_DISTRIBUTION_API_MAX_AGE", 60)
# Feeds: number of items, full text by default (else ?full=1), cache lifetime.
SAHIFA_DISTRIBUTION_FEED_ITEMS = env_int("SAHIFA_DISTRIBUTION_FEED_ITEMS", 30)
SAHIFA_DISTRIBUTION_FEED_FULL_CONTENT = env_bool("SAHIFA_DISTRIBUTION_FEED_FULL_CONTENT", False)
SAHIFA_DISTRIBUTION_FEED_MAX_AGE = env_int("SAHIFA_DISTRIBUTION_FEED_MAX_AGE", 300)
SAHIFA_DISTRIBUTION_SITEMAP_MAX_AGE = env_int("SAHIFA_DISTRIBUTION_SITEMAP_MAX_AGE", 900)
# The <news:name> of the news sitemap; must match the name Google News knows.
SAHIFA_DISTRIBUTION_NEWS_PUBLICATION_NAME = env_str("SAHIFA_DISTRIBUTION_NEWS_PUBLICATION_NAME", "")
SAHIFA_DISTRIBUTION_ROBOTS_DISALLOW = env_list(
    "SAHIFA_DISTRIBUTION_ROBOTS_DISALLOW", ["/admin/", "/search/"]
)
# Fonts for generated share images, first found wins (Debian fonts-noto-core).
SAHIFA_DISTRIBUTION_SHARE_FONTS = env_list(
    "SAHIFA_DISTRIBUTION_SHARE_FONTS",
    [
        "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoKufiArabic-Bold.ttf",
    ],
)
# Latin words, digits and punctuation of share-image headlines: the Arabic
# fonts above have no Latin letters (first found wins).
SAHIFA_DISTRIBUTION_SHARE_LATIN_FONTS = env_list(
    "SAHIFA_DISTRIBUTION_SHARE_LATIN_FONTS",
    [
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ],
)

# --- Importers (sahifa.importers, docs/importing.md): SAHIFA_IMPORTERS_* -----
# Agency wires: how often `poll_wires` runs under `run_scheduler`, and its HTTP timeout.
SAHIFA_IMPORTERS_WIRE_POLL_INTERVAL = env_int("SAHIFA_IMPORTERS_WIRE_POLL_INTERVAL", 300)
SAHIFA_IMPORTERS_WIRE_TIMEOUT = env_int("SAHIFA_IMPORTERS_WIRE_TIMEOUT", 20)
# Items (ninjs) or posts (WordPress) one file may hold.
SAHIFA_IMPORTERS_MAX_ITEMS = env_int("SAHIFA_IMPORTERS_MAX_ITEMS", 10_000)
# Folders, besides the import file's own, that pictures may be read from.
SAHIFA_IMPORTERS_PICTURE_ROOTS = env_list("SAHIFA_IMPORTERS_PICTURE_ROOTS", [])

# --- Backup (sahifa.backup, docs/operations.md): SAHIFA_BACKUP_* -------------
# Folder of pg_dump/pg_restore; empty: the newest /usr/lib/postgresql/*/bin, then PATH.
SAHIFA_BACKUP_PG_BINDIR = env_str("SAHIFA_BACKUP_PG_BINDIR")

# Periodic jobs run by `manage.py run_scheduler` (sahifa/core/scheduler.py,
# started by `make run`): (management command, interval in seconds).
SAHIFA_PERIODIC_JOBS = [
    ("publish_scheduled_pages", env_int("SCHEDULED_PUBLISH_INTERVAL", 60)),
    # Pinned stories on the fronts drop off when they expire (cached pages too).
    ("expire_front_pins", env_int("SCHEDULED_PUBLISH_INTERVAL", 60)),
    # Finished task rows only exist with the database task backend.
    *([("prune_db_task_results", 24 * 3600)] if TASKS_BACKEND == "database" else []),
    # Incremental updates reuse each article's term statistics from when it
    # was indexed; the nightly full rebuild refreshes them.
    ("rebuild_related", 24 * 3600),
    ("poll_wires", SAHIFA_IMPORTERS_WIRE_POLL_INTERVAL),
    ("audience_flush", SAHIFA_AUDIENCE_FLUSH_SECONDS),
    ("listen_refresh", SAHIFA_LISTEN_REFRESH_INTERVAL),
]
