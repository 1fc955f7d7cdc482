"""Launching Debian's chromium through Playwright, for tests and tools.
Never a downloaded browser: CHROMIUM_PATH or the `chromium` on PATH."""

import os
import shutil
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium keeps calling home, which a closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def foreign_requests(page) -> list[str]:
    """A list that fills with every URL `page` requests from a host other
    than this machine (pages must make no third-party request)."""
    found: list[str] = []
    page.on(
        "request",
        lambda r: urlsplit(r.url).hostname not in ("localhost", "127.0.0.1")
        and found.append(r.url),
    )
    return found
