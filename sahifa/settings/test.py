"""Fast, isolated test settings."""

import os
import tempfile

os.environ.setdefault("TASKS_BACKEND", "immediate")

from .base import *  # noqa: E402, F403

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Off for the suite; sahifa/core/tests/test_pagecache.py turns it on.
PAGE_CACHE_SECONDS = 0
PART_CACHE_SECONDS = 0  # tests that need parts turn them on
MEDIA_ROOT = tempfile.mkdtemp(prefix="sahifa-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = tempfile.mkdtemp(prefix="sahifa-test-static-")
WHITENOISE_USE_FINDERS = True
# No audience flush thread outliving a test; sahifa/audience tests turn it on.
SAHIFA_AUDIENCE_FLUSH_THREAD = False
# Commands called in tests (imports, rebuilds) must not renice pytest itself.
SAHIFA_BACKGROUND_NICE = 0
# Unit tests render pages without running the publish consumers, so readers'
# requests may still create renditions there; sahifa/tests/test_read_only.py
# turns the production rule (never on a reader's request) back on.
SAHIFA_RENDITIONS_READ_ONLY_READERS = False
# Listen: a fast tone engine; tests of the real chain select EspeakEngine explicitly.
SAHIFA_LISTEN_ENGINE = "sahifa.listen.backends.testing.ToneEngine"
SAHIFA_LISTEN_ENGINE_OPTIONS = {}
