"""Local/embedded settings: what `make run` uses."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

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
WHITENOISE_USE_FINDERS = True
