"""Render cost of the public pages on the demo newsroom: SQL queries and time
per request uncached vs from the full-page cache, side by side in one run.

    .venv/bin/python bench/platform_pages.py [--repeat 200]

Uses the dev settings and database (run `make run` once, or `manage.py
migrate && manage.py setup_site && manage.py load_demo`)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sahifa.articles.models import ArticlePage
    from sahifa.core import pagecache
    from sahifa.sections.models import SectionPage

    settings.ALLOWED_HOSTS = ["*"]
    article = ArticlePage.objects.live().get(source_uri="urn:sahifa:demo:pol-001")
    section = SectionPage.objects.live().first()
    urls = {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "search": "/search/?q=الخطيب",
    }
    client = Client()

    def timed(url: str) -> list[float]:
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return samples

    rows = []
    for name, url in urls.items():
        settings.PAGE_CACHE_SECONDS = 0
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        uncached = timed(url)
        settings.PAGE_CACHE_SECONDS = 300
        pagecache.invalidate()
        client.get(url)
        cached = timed(url)
        rows.append(
            (name, len(queries), size, statistics.median(uncached), statistics.median(cached))
        )

    print(
        f"{'page':<8} {'queries':>7} {'bytes':>7} {'uncached ms':>12} {'cached ms':>10} {'speed-up':>9}"
    )
    for name, queries, size, uncached, cached in rows:
        print(
            f"{name:<8} {queries:>7} {size:>7} {uncached:>12.2f} {cached:>10.3f} {uncached / cached:>8.0f}×"
        )
    print(f"(median of {args.repeat} requests each, Django test client, no HTTP server)")


if __name__ == "__main__":
    main()
