"""Reader pages at up to a million articles on PostgreSQL, uncached:
single-client p50/p99 of the article, home, section, tag and author pages
and of deep listing pages, at each size the generator reaches.

    scripts/with-postgres.sh .venv/bin/python bench/million.py \\
        [--articles 1000000] [--steps 100000,300000,1000000] [--budget 1500]

Run it on a throwaway cluster (scripts/with-postgres.sh): it migrates an
empty database, builds a site through Wagtail (home, five sections, one
real published article per section as a template), then multiplies the
templates with bulk SQL — `INSERT … SELECT … FROM generate_series` —
straight into Wagtail's tables, consistently:

- `wagtailcore_page`: every column copied from the section's template
  article, with a fresh id, treebeard `path` (the section's path + a 4-char
  base-36 step, so up to 36⁴ = 1,679,616 articles per section), `depth` 4,
  `numchild` 0, a unique `slug`, `url_path` and `translation_key`, the
  title, and `first_published_at` spread over ten years; no revisions
  (readers never read them); the sections' `numchild` updated after;
- `articles_articlepage`: the template's row (dek, hero image, body) per page;
- `articles_articlepagetag`: three tags per article from 2,000 tags with a
  skewed popularity (tag 1 on every seventh article), and
  `articles_articleauthor`: one of 200 authors (their copy of the
  article's date is filled by the triggers of articles migration 0006);
- then ANALYZE. Search's shadow index and related links are not generated
  (neither is on these pages' path: related lists read one article's
  stored links by page id).

Generation stops at the next step once `--budget` seconds have gone; sizes
not reached are extrapolated from the measured trend and marked so.

Measured in-process with Django's test client (no HTTP server): the time is
Django + Wagtail + PostgreSQL for one uncached render, the page cache off;
each page twice, every part rendered (PART_CACHE_SECONDS=0) and with parts
kept between renders ("parts kept", sahifa/core/parts.py).
`--explain` prints `EXPLAIN (ANALYZE, BUFFERS)` of each page's slowest
query, to see which index a listing reads."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.test")

SECTIONS = [
    ("politics", "سياسة"),
    ("economy", "اقتصاد"),
    ("sports", "رياضة"),
    ("culture", "ثقافة"),
    ("tech", "تقنية"),
]
TAGS = 2000
AUTHORS = 200
CHUNK = 50_000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def b36_sql(expr: str) -> str:
    """SQL for a 4-character base-36 treebeard step of the integer `expr`."""
    digits = [
        f"substr('{ALPHABET}', (({expr}) / {36**power}) % 36 + 1, 1)" for power in (3, 2, 1, 0)
    ]
    return " || ".join(digits)


def build_site():
    from django.core.management import call_command

    from sahifa.articles.models import ArticleAuthor, ArticlePage
    from sahifa.authors.models import Author
    from sahifa.core.models import SahifaImage
    from sahifa.home.services import ensure_site
    from sahifa.sections.models import SectionPage

    call_command("migrate", verbosity=0)
    home = ensure_site()
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (1600, 900), (120, 30, 40)).save(buffer, "JPEG")
    image = SahifaImage.objects.create(title="صورة", file=ImageFile(buffer, name="hero.jpg"))
    from taggit.models import Tag

    Tag.objects.create(name="وسم-0", slug="tag-0")
    authors = [Author.objects.create(name=f"كاتب {i}", slug=f"author-{i}") for i in range(AUTHORS)]
    templates = []
    for slug, title in SECTIONS:
        section = home.add_child(instance=SectionPage(title=title, slug=slug, show_in_menus=True))
        section.save_revision().publish()
        body = [
            ("paragraph", f"<p>فقرة رقم {n} من خبر في قسم {title} عن الاقتصاد.</p>")
            for n in range(8)
        ]
        page = ArticlePage(
            title=f"خبر نموذجي في {title}",
            slug=f"{slug}-template",
            dek="ملخص الخبر",
            body=body,
            hero_image=image,
        )
        page.article_authors.add(ArticleAuthor(author=authors[0], sort_order=0))
        section.add_child(instance=page)
        page.tags.add("وسم-0")
        page.save_revision().publish()
        templates.append(
            (SectionPage.objects.get(pk=section.pk), ArticlePage.objects.get(pk=page.pk))
        )
    return home, templates


def columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def generate(templates, start: int, stop: int) -> None:
    """Articles numbered [start, stop) spread round-robin over the sections."""
    from django.db import connection, transaction
    from taggit.models import Tag

    with transaction.atomic(), connection.cursor() as cursor:
        if start == 0:
            Tag.objects.bulk_create(
                [Tag(name=f"وسم-{i}", slug=f"tag-{i}") for i in range(1, TAGS)],
                ignore_conflicts=True,
            )
        page_cols = [c for c in columns(cursor, "wagtailcore_page") if c != "id"]
        article_cols = [c for c in columns(cursor, "articles_articlepage") if c != "page_ptr_id"]
        cursor.execute("SELECT min(id), max(id) FROM taggit_tag")
        tag_lo, tag_hi = cursor.fetchone()
        cursor.execute("SELECT min(id) FROM authors_author")
        author_lo = cursor.fetchone()[0]
        count = len(templates)
        for index, (section, template) in enumerate(templates):
            # Article n goes to section n % count, as child number n // count + 1
            # (the template is child 1, so generated ones start at 2).
            lo = start + ((index - start) % count)
            override = {
                "path": f"'{section.path}' || {b36_sql(f'g / {count} + 2')}",
                "depth": "4",
                "numchild": "0",
                "title": "'خبر رقم ' || g || ' في " + section.title + "'",
                "draft_title": "'خبر رقم ' || g",
                "slug": "'story-' || g",
                "url_path": f"'{section.url_path}story-' || g || '/'",
                "translation_key": "gen_random_uuid()",
                "first_published_at": "timestamptz '2016-01-01' + (g * interval '5 minutes')",
                "last_published_at": "timestamptz '2016-01-01' + (g * interval '5 minutes')",
                "latest_revision_created_at": "timestamptz '2016-01-01' + (g * interval '5 minutes')",
                "latest_revision_id": "NULL",
                "live_revision_id": "NULL",
            }
            select = ", ".join(override.get(c, f't."{c}"') for c in page_cols)
            cursor.execute(
                f"CREATE TEMP TABLE new_pages ON COMMIT DROP AS "
                f"WITH ins AS (INSERT INTO wagtailcore_page ({', '.join(page_cols)}) "
                f"SELECT {select} FROM wagtailcore_page t, "
                f"generate_series({lo}, {stop - 1}, {count}) AS g WHERE t.id = {template.pk} "
                f"RETURNING id, slug) SELECT id, substr(slug, 7)::int AS g FROM ins"
            )
            article_select = ", ".join(f't."{c}"' for c in article_cols)
            cursor.execute(
                f"INSERT INTO articles_articlepage (page_ptr_id, {', '.join(article_cols)}) "
                f"SELECT n.id, {article_select} FROM new_pages n, articles_articlepage t "
                f"WHERE t.page_ptr_id = {template.pk}"
            )
            span = tag_hi - tag_lo + 1
            cursor.execute(
                "INSERT INTO articles_articlepagetag (tag_id, content_object_id) "
                "SELECT DISTINCT tag, id FROM ("
                f" SELECT id, CASE WHEN g % 7 = 0 THEN {tag_lo} "
                f"  ELSE {tag_lo} + (g::bigint * 7919) % {span} END AS tag FROM new_pages"
                f" UNION ALL SELECT id, {tag_lo} + 1 + (g::bigint * 104729) % ({span} - 1) FROM new_pages"
                f" UNION ALL SELECT id, {tag_lo} + 1 + (g / 3) % ({span} - 1) FROM new_pages"
                ") AS t"
            )
            cursor.execute(
                "INSERT INTO articles_articleauthor (sort_order, page_id, author_id) "
                f"SELECT 0, id, {author_lo} + g % {AUTHORS} FROM new_pages"
            )
            cursor.execute("DROP TABLE new_pages")
        cursor.execute(
            "UPDATE wagtailcore_page s SET numchild = (SELECT count(*) FROM wagtailcore_page c "
            "WHERE c.path LIKE s.path || '%' AND c.depth = s.depth + 1) WHERE s.depth = 3"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(urls: dict[str, list[str]], repeat: int, explain: bool = False) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, choices in urls.items():
        # Warm the process (templates, rendition cache) on the first URL.
        assert client.get(choices[0]).status_code == 200, choices[0]
        samples = []
        queries, sql_ms = 0, []
        for i in range(repeat):
            url = choices[i % len(choices)]
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        for url in choices[:3]:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            queries = max(queries, len(ctx.captured_queries))
            sql_ms.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            if explain and url == choices[0]:
                slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"## {name}: slowest query\n{slowest['sql']}\n{plan}\n", flush=True)
        samples.sort()
        results[name] = {
            "p50": statistics.median(samples),
            "p99": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
            "queries": queries,
            # Time inside PostgreSQL: what the indexes decide, apart from
            # the Python rendering a loaded machine slows down.
            "sql": max(sql_ms),
        }
    return results


def page_urls(templates, size: int) -> dict[str, list[str]]:
    from django.test import Client

    from sahifa.articles.models import ArticlePage
    from sahifa.authors.models import Author

    rng = random.Random(size)
    ids = list(
        ArticlePage.objects.filter(slug__startswith="story-")
        .order_by("?")
        .values_list("pk", flat=True)[:100]
    )
    articles = [p.url for p in ArticlePage.objects.filter(pk__in=ids)]
    sections = [section.url for section, _ in templates]
    # A deep keyset page: follow `older` links from a rare tag's page 1 is
    # what readers do; here the cursor of a story ~90 % down the archive.
    old = ArticlePage.objects.filter(slug=f"story-{size // 10}").first()
    from sahifa.core.pagination import cursor_of

    cursor = cursor_of(old) if old else None
    urls = {
        "article": articles,
        "home": ["/"],
        "section": sections,
        "section archive p2": [s + "?page=2" for s in sections],
        "tag (every 7th)": ["/tags/tag-0/"],
        "tag (rare)": [f"/tags/tag-{rng.randint(2, TAGS - 1)}/" for _ in range(20)],
        "author": [
            Author.objects.get(slug=f"author-{rng.randint(1, AUTHORS - 1)}").get_absolute_url()
        ],
    }
    if cursor:
        urls["tag deep (keyset)"] = [f"/tags/tag-0/?before={cursor}&n=5000"]
        urls["author deep (keyset)"] = [
            Author.objects.get(slug="author-1").get_absolute_url() + f"?before={cursor}&n=5000"
        ]
    client = Client()
    for name, choices in list(urls.items()):
        if client.get(choices[0]).status_code != 200:
            urls.pop(name)
    return urls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--steps", default="")
    parser.add_argument("--budget", type=float, default=1500, help="seconds of generation")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of each page's slowest query"
    )
    args = parser.parse_args()
    steps = sorted({int(s) for s in args.steps.split(",") if s} | {args.articles})

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/million.py needs PostgreSQL: scripts/with-postgres.sh …")
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False

    started = time.monotonic()
    home, templates = build_site()
    made, table, timings = 0, [], []
    for step in steps:
        if time.monotonic() - started > args.budget:
            break
        chunk_start = time.monotonic()
        while made < step:
            upto = min(step, made + CHUNK)
            generate(templates, made, upto)
            made = upto
        timings.append((made, time.monotonic() - chunk_start))
        print(
            f"# {made:,} articles generated ({time.monotonic() - started:.0f} s so far)", flush=True
        )
        urls = page_urls(templates, made)
        results = measure(urls, args.repeat, args.explain)
        # Again with the pages' parts kept between renders (core/parts.py,
        # production's default): the 100 articles are each rendered once
        # (their own parts cold; cards and shared parts warm), the other
        # pages again and again.
        settings.PART_CACHE_SECONDS = 30
        kept = measure(urls, args.repeat)
        settings.PART_CACHE_SECONDS = 0
        for name, result in kept.items():
            results[f"{name}, parts kept"] = result
        table.append((made, results))

    names = list(table[-1][1])
    print()
    print("p50 / p99 ms of the page (queries, ms inside PostgreSQL at most)")
    print(f"{'page':36}" + "".join(f"{f'{n:,} articles':>30}" for n, _ in table))
    for name in names:
        row = f"{name:36}"
        for _, results in table:
            r = results.get(name)
            cell = "{p50:.0f} / {p99:.0f} ({queries}, {sql:.1f})".format(**r) if r else "-"
            row += f"{cell:>30}"
        print(row)
    if table[-1][0] < args.articles and len(table) >= 2:
        (n1, r1), (n2, r2) = table[-2], table[-1]
        print(
            f"\nnot reached: {args.articles:,} (budget {args.budget:.0f} s). Linear trend in log(size):"
        )
        import math

        for name in names:
            if name in r1 and name in r2:
                slope = (r2[name]["p99"] - r1[name]["p99"]) / math.log(n2 / n1)
                guess = r2[name]["p99"] + slope * math.log(args.articles / n2)
                print(f"  {name:36} p99 ≈ {guess:.1f} ms at {args.articles:,} (extrapolated)")
    print("\ngeneration: " + ", ".join(f"{n:,} in {s:.0f} s" for n, s in timings))


if __name__ == "__main__":
    main()
