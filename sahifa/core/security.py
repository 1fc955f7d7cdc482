"""Security headers, and the client address behind a trusted proxy.

Public pages get a Content-Security-Policy whose script-src is this site's
own files only: every script Sahifa runs is a static file, and the inline
JSON-LD blocks are data the browser never executes, so no inline script is
allowed at all. Hashing the inline scripts found in the rendered HTML would
also allow a script an attacker managed to inject, so scripts are never
hashed. The one inline <style> a public page has (the error page's,
templates/500.html) is allowed by its SHA-256 hash, computed once when this
module loads: a hash rather than a nonce because anonymous pages are served
whole from the page cache (core/pagecache.py), where a per-request nonce
would no longer match the header of the request that reads it. So the
policy is the same for every public page and no response is decoded to
build it; an inline style anywhere else (injected or not) is refused.

The Wagtail admin gets a looser policy (no script-src or style-src): its
editors (Draftail, choosers, the preview) write inline styles and scripts
that Wagtail does not hash or nonce, and its pages are never cached or shown
to anonymous readers. It still refuses plugins, foreign <base> and form
targets, and framing by other sites."""

import base64
import hashlib
import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

# Inline <style> element bodies: what a hash must cover. The HTML tokenizer
# ends a style element at the first closing tag, so a non-greedy match reads
# exactly what the browser hashes.
_INLINE_STYLE = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
ADMIN_PREFIX = "/admin/"
ADMIN_CSP = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"


def style_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for every inline <style> block."""
    hashes = []
    for body in _INLINE_STYLE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


# The error page's template has no tags (it must render when everything
# else fails), so the style in the file is what browsers hash; a test
# compares it with the served page.
ERROR_PAGE = Path(__file__).resolve().parent.parent / "templates" / "500.html"
STYLE_HASHES = tuple(style_hashes(ERROR_PAGE.read_text(encoding="utf-8")))


@lru_cache(maxsize=4)
def _media_sources(media_url: str) -> str:
    """'self', plus the media host when MEDIA_URL is on another origin (CDN)."""
    parts = urlsplit(media_url)
    if parts.scheme and parts.netloc:
        return f"'self' {parts.scheme}://{parts.netloc}"
    return "'self'"


def public_policy() -> str:
    """The policy of every public page, whatever it holds: inline styles
    are allowed by the error page's fixed hash only, inline scripts never."""
    media = _media_sources(settings.MEDIA_URL)
    styles = " ".join(["'self'", *STYLE_HASHES])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            f"img-src {media} data:",
            f"media-src {media}",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy. Django's
    SecurityMiddleware already sends nosniff, Referrer-Policy, COOP and (in
    production) HSTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Content-Security-Policy" in response:
            return response  # the view chose its own (media, for instance)
        if request.path.startswith(ADMIN_PREFIX):
            response["Content-Security-Policy"] = ADMIN_CSP
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            response["Content-Security-Policy"] = public_policy()
        return response


# -- the client address --------------------------------------------------------
@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(proxies))


def client_ip(meta) -> str:
    """REMOTE_ADDR, unless it is a trusted proxy (SAHIFA_AUDIENCE_TRUSTED_PROXIES)
    and SAHIFA_AUDIENCE_CLIENT_IP_HEADER is set: then the right-most address
    of that header that is not itself a trusted proxy. Anything a client
    could forge is ignored."""
    remote = meta.get("REMOTE_ADDR", "")
    header = settings.SAHIFA_AUDIENCE_CLIENT_IP_HEADER
    if not header:
        return remote
    proxies = tuple(settings.SAHIFA_AUDIENCE_TRUSTED_PROXIES)
    if not _trusted(remote, proxies):
        return remote
    value = meta.get("HTTP_" + header.upper().replace("-", "_"), "")
    for candidate in reversed([part.strip() for part in value.split(",") if part.strip()]):
        if not _trusted(candidate, proxies):
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote
