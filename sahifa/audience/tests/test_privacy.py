import pytest

from sahifa.audience.privacy import dedupe_key, is_bot, visitor_hash
from sahifa.core.security import client_ip

from .conftest import CHROME, GOOGLEBOT


@pytest.mark.parametrize(
    "agent",
    [
        GOOGLEBOT,
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0 A",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
        "Mozilla/5.0 (compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "",
        "Mozilla",
    ],
)
def test_bots_are_recognised(agent):
    assert is_bot(agent)


@pytest.mark.parametrize(
    "agent",
    [
        CHROME,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    ],
)
def test_browsers_are_not_bots(agent):
    assert not is_bot(agent)


def test_extra_bot_patterns_come_from_settings(settings):
    settings.SAHIFA_AUDIENCE_EXTRA_BOT_PATTERNS = [r"newsroom-monitor"]
    assert is_bot(CHROME + " newsroom-monitor/1.0")


def test_client_ip_ignores_headers_unless_configured(settings):
    settings.SAHIFA_AUDIENCE_CLIENT_IP_HEADER = ""
    meta = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client_ip(meta) == "203.0.113.9"


def test_client_ip_from_trusted_proxy_header(settings):
    settings.SAHIFA_AUDIENCE_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.SAHIFA_AUDIENCE_TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    # A client-forged first entry is skipped: the right-most untrusted wins.
    meta = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7, 10.1.2.3",
    }
    assert client_ip(meta) == "198.51.100.7"
    # The header from a peer that is not a trusted proxy is ignored.
    assert client_ip({**meta, "REMOTE_ADDR": "203.0.113.5"}) == "203.0.113.5"
    # Garbage in the header falls back to the peer address.
    assert client_ip({**meta, "HTTP_X_FORWARDED_FOR": "not-an-ip"}) == "127.0.0.1"


def test_visitor_hash_depends_on_salt_ip_and_agent():
    one = visitor_hash(b"a" * 32, "198.51.100.7", CHROME)
    assert len(one) == 16
    assert one == visitor_hash(b"a" * 32, "198.51.100.7", CHROME)
    assert one != visitor_hash(b"b" * 32, "198.51.100.7", CHROME)
    assert one != visitor_hash(b"a" * 32, "198.51.100.8", CHROME)
    assert one != visitor_hash(b"a" * 32, "198.51.100.7", CHROME + " x")


def test_dedupe_key_is_signed_64_bit_and_scoped():
    visitor = b"v" * 16
    key = dedupe_key(visitor, 7, "v", 100)
    assert -(2**63) <= key < 2**63
    assert key != dedupe_key(visitor, 7, "v", 101)
    assert key != dedupe_key(visitor, 8, "v", 100)
    assert key != dedupe_key(visitor, 7, "sx", 100)
