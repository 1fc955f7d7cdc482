"""Lighthouse 12 (Debian chromium) on the home, section and article pages of
running Sahifa sites, mobile and desktop, with the page weights; asserts
issue 14's thresholds on the first site. Give several sites to compare side
by side (e.g. today's `make run` and an older commit's on another port):

    .venv/bin/python bench/lighthouse.py http://127.0.0.1:8000 [http://127.0.0.1:8001 ...]

Pages are found from the site itself: the first section in the header menu
and the first article linked from the home page. Exit status 1 when a
threshold fails on the first site."""

from __future__ import annotations

import argparse
import re
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sahifa.tests import checkers  # noqa: E402

THRESHOLDS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Article page: HTML, CSS and scripts, compressed (no images, fonts, audio).
ARTICLE_TEXT_BUDGET = 25 * 1024
# Article page on mobile, with fonts and the hero image.
ARTICLE_TOTAL_BUDGET = 150 * 1024


def find_pages(site: str) -> dict[str, str]:
    html = urllib.request.urlopen(site + "/", timeout=30).read().decode()  # noqa: S310
    links = re.findall(r'href="(/[^"#?]*/)"', html)
    # The first story: feeds' links (/feed/atom/) sit in <head> before it.
    article = next(link for link in links if link.count("/") >= 3 and not link.startswith("/feed/"))
    section = "/" + article.strip("/").split("/")[0] + "/"
    return {"home": "/", "section": section, "article": article}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+")
    args = parser.parse_args()
    problem = checkers.missing()
    if problem:
        sys.exit(problem)
    rows, failures = [], []
    for index, site in enumerate(args.sites):
        site = site.rstrip("/")
        for name, path in find_pages(site).items():
            for mobile in (True, False):
                result = checkers.lighthouse(site + path, mobile=mobile)
                text = sum(
                    result.get(f"bytes:{kind}", 0)
                    for kind in ("document", "stylesheet", "script", "other")
                )
                total = result.get("bytes:total", 0)
                form = "mobile" if mobile else "desktop"
                rows.append((site, name, form, result, text, total))
                if index:
                    continue
                failures += [
                    f"{name} {form}: {category} {result[category]} < {floor}"
                    for category, floor in THRESHOLDS.items()
                    if result[category] < floor
                ]
                if name == "article" and text > ARTICLE_TEXT_BUDGET:
                    failures.append(f"article {form}: {text} B of HTML/CSS/JS > 25 KB")
                if name == "article" and mobile and total > ARTICLE_TOTAL_BUDGET:
                    failures.append(f"article mobile: {total} B in all > 150 KB")
    print(f"{'site':<28} {'page':<8} {'form':<8} perf a11y bp  seo  html+css+js  total")
    for site, name, form, r, text, total in rows:
        print(
            f"{site:<28} {name:<8} {form:<8} {r['performance']:>4} {r['accessibility']:>4}"
            f" {r['best-practices']:>3} {r['seo']:>4} {text / 1024:>9.1f} KB {total / 1024:>6.1f} KB"
        )
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
