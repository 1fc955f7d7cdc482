"""Who is asking: the client IP (trusted proxies only), bot detection, and
the daily-salted visitor hash. Nothing here is stored with the counts."""

import hashlib
import ipaddress
import re
from functools import lru_cache

from django.conf import settings

# Crawlers, link-preview fetchers, AI scrapers, monitors and HTTP libraries,
# matched as lower-case substrings (fast: no regex on the hot path). Kept
# close to the lists analytics tools ship (Matomo device-detector,
# monperrus/crawler-user-agents); SAHIFA_AUDIENCE_EXTRA_BOT_PATTERNS adds
# regular expressions of your own.
BOT_SUBSTRINGS = (
    "bot/",
    "bot;",
    "bot)",
    "crawl",
    "spider",
    "slurp",
    "mediapartners",
    "adsbot",
    "googleother",
    "google-extended",
    "google-inspectiontool",
    "feedfetcher",
    "facebookexternalhit",
    "facebookcatalog",
    "meta-externalagent",
    "facebot",
    "telegrambot",
    "twitterbot",
    "linkedinbot",
    "pinterest",
    "slackbot",
    "slack-imgproxy",
    "discordbot",
    "embedly",
    "quora link preview",
    "skypeuripreview",
    "vkshare",
    "bingpreview",
    "yandex",
    "baiduspider",
    "duckduckbot",
    "petalbot",
    "sogou",
    "semrush",
    "ahrefs",
    "mj12bot",
    "dotbot",
    "bytespider",
    "gptbot",
    "chatgpt-user",
    "oai-searchbot",
    "claudebot",
    "claude-web",
    "anthropic-ai",
    "perplexity",
    "ccbot",
    "amazonbot",
    "applebot",
    "diffbot",
    "archive.org_bot",
    "ia_archiver",
    "headlesschrome",
    "phantomjs",
    "electron/",
    "lighthouse",
    "pagespeed",
    "pingdom",
    "uptimerobot",
    "statuscake",
    "site24x7",
    "newrelicpinger",
    "python-requests",
    "python-urllib",
    "python-httpx",
    "aiohttp",
    "go-http-client",
    "okhttp",
    "libwww-perl",
    "scrapy",
    "node-fetch",
    "axios/",
)
# Whole user agents that start like this are tools, not browsers.
BOT_PREFIXES = ("curl/", "wget/", "java/", "whatsapp/", "python/", "ruby", "php/")


@lru_cache(maxsize=8)
def _extra_regex(extra: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(extra), re.IGNORECASE) if extra else None


@lru_cache(maxsize=4096)
def _is_bot(user_agent: str, extra: tuple[str, ...]) -> bool:
    agent = user_agent.lower()
    if len(agent) < 10 or agent.startswith(BOT_PREFIXES) or agent.endswith("bot"):
        return True
    if any(part in agent for part in BOT_SUBSTRINGS):
        return True
    regex = _extra_regex(extra)
    return regex is not None and regex.search(user_agent) is not None


def is_bot(user_agent: str) -> bool:
    """A missing or tiny user agent counts as a bot: every browser sends a
    long one. Results are cached: real traffic repeats user agents."""
    return _is_bot(
        user_agent or "", tuple(getattr(settings, "SAHIFA_AUDIENCE_EXTRA_BOT_PATTERNS", ()))
    )


@lru_cache(maxsize=64)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(proxies))


def client_ip(meta: dict) -> str:
    """REMOTE_ADDR, unless it is one of SAHIFA_AUDIENCE_TRUSTED_PROXIES and
    SAHIFA_AUDIENCE_CLIENT_IP_HEADER is set: then the right-most address of
    that header that is not itself a trusted proxy (what nginx's
    real_ip_recursive does). Anything a client could forge is ignored."""
    remote = meta.get("REMOTE_ADDR", "")
    header = getattr(settings, "SAHIFA_AUDIENCE_CLIENT_IP_HEADER", "")
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


def visitor_hash(salt: bytes, ip: str, user_agent: str) -> bytes:
    """16 bytes that identify a visitor for one day only: the salt rotates
    every UTC day and the old one is deleted, so yesterday's hashes cannot be
    linked to today's or reversed."""
    return hashlib.blake2b(
        f"{ip}\x00{user_agent}".encode("utf-8", "replace"), key=salt[:64], digest_size=16
    ).digest()


def dedupe_key(visitor: bytes, page_id: int, event: str, hour: int) -> int:
    """Signed 64-bit key of (visitor, article, event, hour), for SeenKey."""
    digest = hashlib.blake2b(
        visitor + f"|{page_id}|{event}|{hour}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)
