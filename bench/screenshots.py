"""Screenshots of every page type of a running Sahifa site (the demo of
`make run`) at 390 and 1366 px, in Debian chromium, into docs/screenshots/:

    .venv/bin/python bench/screenshots.py [http://127.0.0.1:8000] [--out docs/screenshots]

Home, a section, an article with every block of the reference page (the
first demo article with audio, related and read-also links), search, a tag,
an author, the tag and author indexes, and the 404 page. Full-page PNGs."""

from __future__ import annotations

import argparse
import re
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lighthouse import find_pages  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from sahifa.core.browser import launch  # noqa: E402

WIDTHS = (390, 1366)


def get(url: str) -> str:
    return urllib.request.urlopen(url, timeout=30).read().decode()  # noqa: S310


def page_types(site: str) -> dict[str, str]:
    pages = find_pages(site)  # home, section, article: as Lighthouse's
    article = pages["article"]
    html = get(site + article)
    tag = re.search(r'href="(/tags/[^"/]+/)"', html)
    author = re.search(r'href="(/authors/[^"/]+/)"', html)
    pages |= {
        "search": "/search/?q=" + urllib.parse.quote("الحكومة"),
        "tags": "/tags/",
        "authors": "/authors/",
        "not-found": "/no-such-page/",
    }
    if tag:
        pages["tag"] = tag.group(1)
    if author:
        pages["author"] = author.group(1)
    return pages


def shrink(path: Path) -> None:
    """256-colour PNG: a third of the size, still sharp for text."""
    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    site = args.site.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)
    pages = page_types(site)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for width in WIDTHS:
            context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in pages.items():
                page.goto(site + path, wait_until="networkidle")
                target = args.out / f"{name}-{width}.png"
                page.screenshot(path=target, full_page=True)
                shrink(target)
                print(f"{target.relative_to(ROOT)}  {site + path}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
