"""Local/embedded settings: what `make run` uses."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, STATIC_ROOT, VAR_DIR

# A stable local key kept under var/ so sessions survive restarts; never used
# by production settings.
if not SECRET_KEY:
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

# No manifest needed locally: pages work before `collectstatic` has run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Finders only until `collectstatic` has run (`make run` runs it): a finder's
# file shadows the collected one and its .br/.gz twins, and the page would then
# be served its CSS and JS uncompressed.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT.is_dir() and any(STATIC_ROOT.iterdir()))
