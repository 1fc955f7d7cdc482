"""Security headers on the public site and the admin: a Content-Security-Policy
without 'unsafe-inline' for scripts whose hashes match the page's inline
blocks (also when the page comes from the page cache), and the production
settings: `check --deploy` clean, a weak SECRET_KEY refused at startup."""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import RequestFactory

from sahifa.core import security
from sahifa.core.models import SiteSettings
from sahifa.core.views import server_error

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_strict_policy(response):
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    # Only the site's own script files: no inline script, not even by hash,
    # so an injected <script> can never run.
    assert scripts == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["media-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    return policy


def test_public_pages_have_a_strict_policy(client, make_article, section):
    article = make_article(title="خبر عن الأمن", tags=["أمن"])
    responses = {
        "home": client.get("/"),
        "article": client.get(article.url),
        "section": client.get(section.url),
        "search": client.get("/search/", {"q": "الأمن"}),
        "tag": client.get(f"/tags/{article.tags.first().slug}/"),
    }
    for name, response in responses.items():
        policy = assert_strict_policy(response)
        assert policy, name
    # The article's JSON-LD is inline data, not script: it needs no hash and
    # the policy allows none.
    article_html = responses["article"].content.decode()
    assert re.search(r'<script type="application/ld\+json">', article_html)
    assert (
        "sha256-" not in directives(responses["article"]["Content-Security-Policy"])["script-src"]
    )


def test_a_cached_page_keeps_a_matching_policy(client, make_article, settings, home):
    SiteSettings.for_site(home.get_site())
    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    article = make_article(title="خبر في الذاكرة")
    first = client.get(article.url)
    second = client.get(article.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert_strict_policy(second)
    caches["pages"].clear()


def test_error_pages_hash_their_inline_style(client, home):
    # The served error page's style is allowed by the hash fixed at startup.
    served = server_error(RequestFactory().get("/")).content.decode()
    style = re.search(r"<style>(.*?)</style>", served, re.DOTALL).group(1)
    policy = directives(security.public_policy())
    assert policy["style-src"] == ["'self'", sha256(style)]
    # No inline script is ever allowed (no hash, no nonce).
    assert policy["script-src"] == ["'self'"]
    # The same policy on every page: the 404 page and the home page.
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert missing["Content-Security-Policy"] == client.get("/")["Content-Security-Policy"]
    assert missing["Content-Security-Policy"] == security.public_policy()


def test_admin_keeps_a_looser_policy(client, home):
    user = get_user_model().objects.create_superuser("chief", password="x")
    client.force_login(user)
    response = client.get("/admin/")
    policy = directives(response["Content-Security-Policy"])
    assert "script-src" not in policy
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_media_cdn_origin_is_allowed(settings, home):
    settings.MEDIA_URL = "https://media.example.net/media/"
    policy = directives(security.public_policy())
    assert policy["img-src"] == ["'self'", "https://media.example.net", "data:"]
    assert policy["media-src"] == ["'self'", "https://media.example.net"]


# -- production settings ---------------------------------------------------------
def manage(args, tmp_path, **env):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "sahifa.settings.production",
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "SAHIFA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "key",
    ["short", "a" * 60, "django-insecure-" + secrets.token_urlsafe(50), "tests-only-not-secret"],
)
def test_a_weak_secret_key_is_refused_in_production(tmp_path, key):
    result = manage(["check"], tmp_path, SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr


def test_a_missing_secret_key_is_refused_in_production(tmp_path):
    result = manage(["check"], tmp_path, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_settings_use_https(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = manage(["shell", "-c", code], tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
    assert result.stdout.splitlines()[-1].split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
    ]
