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


def address(ip: str) -> str:
    """What limits and damping count by: an IPv4 address, or the /64 of an
    IPv6 one (one home or phone is given a whole /64 and may rotate through
    it at will)."""
    try:
        ip_address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if ip_address.version == 6:
        if ip_address.ipv4_mapped is not None:
            return str(ip_address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip_address}/64", strict=False).network_address) + "/64"
    return str(ip_address)


def address_hash(salt: bytes, ip: str) -> bytes:
    """The address as the rate limiter keeps it: keyed by the day's salt, so
    not even the process memory holds a readable address list."""
    return hashlib.blake2b(address(ip).encode(), key=salt[:64], digest_size=8).digest()


def visitor_hash(salt: bytes, ip: str, user_agent: str, slots: int | None = None) -> bytes:
    """16 bytes that identify a visitor for one day only: the salt rotates
    every UTC day and the old one is deleted, so yesterday's hashes cannot be
    linked to today's or reversed.

    Damping: one address has SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS visitor
    slots, and a user agent picks its slot by (salted) hash. Rotating user
    agents from one address therefore fills at most that many slots, so it
    counts as at most that many unique readers of an article per hour, on
    every process and host alike (nothing to share). 0 turns it off."""
    if slots is None:
        slots = settings.SAHIFA_AUDIENCE_VISITORS_PER_ADDRESS
    if slots > 0:
        agent = hashlib.blake2b(user_agent.encode("utf-8", "replace"), key=salt[:64], digest_size=8)
        identity = f"{address(ip)}\x00{int.from_bytes(agent.digest(), 'big') % slots}"
    else:
        identity = f"{ip}\x00{user_agent}"
    return hashlib.blake2b(
        identity.encode("utf-8", "replace"), key=salt[:64], digest_size=16
    ).digest()


def dedupe_key(visitor: bytes, page_id: int, event: str, hour: int) -> int:
    """Signed 64-bit key of (visitor, article, event, hour), for SeenKey."""
    digest = hashlib.blake2b(
        visitor + f"|{page_id}|{event}|{hour}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)
