"""Related news at archive scale: full rebuild of a generated archive and
the background job for one new article, with memory.

    .venv/bin/python bench/related_scale.py [--docs 100000] [--workers 2] [--new 30]

Uses a throwaway SQLite file (or DATABASE_URL if set, e.g. under
scripts/with-postgres.sh), migrated from scratch.

1. Generates articles in stories: each story (2-8 articles, mean 4) has its
   own rare words (names, places) on top of words drawn with the demo
   newsroom's word frequencies; title 9 words, dek 22, body 200.
2. Writes one ArticlePage per article in bulk (a page row and an article
   row with the body as one paragraph block; no revisions or search index:
   they are not what is measured) and runs the full rebuild step by step as
   `rebuild_related` does: read every live article, analysis in `--workers`
   processes, document frequencies, norms and postings, every related list
   (in `--workers` processes), then the bulk write of vectors, postings,
   document frequencies and links.
3. Publishes `--new` real ArticlePages, each a new article of an existing
   story, and times `index.update_article` (what the task runs: analyse,
   update document frequencies and postings, find and score candidates,
   store the list, pick neighbours to refresh), then the reader-side
   `related_articles()`.
4. Candidate recall: for a few articles, the postings-based top 6 against
   scoring the whole archive exhaustively.
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="sahifa-related-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.test")

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
START = datetime(2022, 1, 1, tzinfo=UTC)


def vocabulary() -> tuple[list[str], list[int]]:
    counts: dict[str, int] = {}
    texts = []
    for path in (ROOT / "sahifa/demo/content").glob("*.json"):
        for item in json.loads(path.read_text(encoding="utf-8")):
            texts.append(item["headlines"][0]["value"])
            texts += [d["value"] for d in item.get("descriptions", [])]
            texts += [re.sub(r"<[^>]+>", " ", b["value"]) for b in item.get("bodies", [])]
    data = json.loads((ROOT / "bench/data/related/articles.json").read_text(encoding="utf-8"))
    texts += [f"{a['title']} {a['dek']} {a['body']}" for a in data["articles"]]
    for text in texts:
        for word in re.findall(r"[\u0600-\u06ff]+", text):
            counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=counts.get, reverse=True)
    return words, [counts[w] for w in words]


class Generator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.words, weights = vocabulary()
        self.cum = []
        total = 0
        for w in weights:
            total += w
            self.cum.append(total)
        self.stories: list[list[str]] = []

    def rare_word(self) -> str:
        return "".join(self.rng.choices(LETTERS, k=self.rng.randint(4, 7)))

    def new_story(self) -> int:
        self.stories.append([self.rare_word() for _ in range(8)])
        return len(self.stories) - 1

    def text(self, story: int, k: int, story_k: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=k)
        own = self.stories[story]
        for _ in range(story_k):
            words[self.rng.randrange(k)] = self.rng.choice(own)
        return " ".join(words)

    def article(self, story: int) -> tuple[str, str, str]:
        return self.text(story, 9, 2), self.text(story, 22, 3), self.text(story, 200, 14)

    def archive(self, n: int) -> list[dict]:
        docs = []
        while len(docs) < n:
            story = self.new_story()
            for _ in range(min(self.rng.randint(2, 6), n - len(docs))):
                title, dek, body = self.article(story)
                docs.append(
                    {
                        "key": None,
                        "story": story,
                        "title": title,
                        "dek": dek,
                        "body": body,
                        "tags": [],
                        "section": None,
                        "published": START + timedelta(minutes=10 * len(docs)),
                    }
                )
        return docs


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: on a shared
    machine, wall time says more about the neighbours than about us."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--new", type=int, default=30)
    parser.add_argument("--recall", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    # Imported after django.setup(): models need the app registry.
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Locale, Page

    from sahifa.articles.models import ArticlePage
    from sahifa.related import index as related_index
    from sahifa.related import rebuild, services
    from sahifa.sections.models import SectionPage

    rows = []

    clock = {"cpu": cpu_seconds()}

    def row(step, seconds, note=""):
        cpu = cpu_seconds() - clock["cpu"]
        clock["cpu"] = cpu_seconds()
        rows.append((step, seconds, cpu, note))
        print(f"  {step}: {seconds:.1f} s wall, {cpu:.1f} s CPU {note}", flush=True)

    print(f"database: {connection.vendor}, {args.docs} articles, {args.workers} workers")
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    row("migrate (setup)", time.perf_counter() - began)

    began = time.perf_counter()
    gen = Generator()
    docs = gen.archive(args.docs)
    row("generate archive (setup)", time.perf_counter() - began)

    began = time.perf_counter()
    root = Page.get_first_root_node()
    locale = Locale.objects.get_or_create(language_code="ar")[0]
    archive = root.add_child(instance=Page(title="archive", slug="archive"))
    page_type = ContentType.objects.get_for_model(ArticlePage)
    pages = []
    for i, doc in enumerate(docs, start=1):
        pages.append(
            Page(
                title=doc["title"][:200],
                draft_title=doc["title"][:200],
                slug=f"a{i}",
                path=Page._get_path(archive.path, archive.depth + 1, i),
                depth=archive.depth + 1,
                numchild=0,
                url_path=f"/archive/a{i}/",
                content_type=page_type,
                locale=locale,
                live=True,
                first_published_at=doc["published"],
            )
        )
    Page.objects.bulk_create(pages, batch_size=2000)
    Page.objects.filter(pk=archive.pk).update(numchild=len(pages))
    ids = list(
        Page.objects.filter(depth=archive.depth + 1).order_by("path").values_list("pk", flat=True)
    )
    articles = (
        (pk, doc["dek"], json.dumps([{"type": "paragraph", "value": f"<p>{doc['body']}</p>"}]))
        for pk, doc in zip(ids, docs, strict=True)
    )
    with connection.cursor() as cursor:
        columns = "page_ptr_id, dek, body, hero_caption, published_hash, source_uri"
        cursor.executemany(
            f"INSERT INTO articles_articlepage ({columns}) VALUES (%s, %s, %s, '', '', '')",
            list(articles),
        )
    # Only what the quality check needs; the rebuild reads the articles.
    docs = [{"key": pk, "story": doc["story"]} for pk, doc in zip(ids, docs, strict=True)]
    row("create article pages (setup)", time.perf_counter() - began)

    # -- full rebuild -------------------------------------------------------------
    load_before = os.getloadavg()
    total = time.perf_counter()
    began = time.perf_counter()
    documents = rebuild.live_documents()
    row("rebuild: read articles", time.perf_counter() - began)
    began = time.perf_counter()
    index = rebuild.build_index(documents, args.workers)
    del documents
    row("rebuild: analyse + index", time.perf_counter() - began, f"{len(index.vocabulary)} terms")
    began = time.perf_counter()
    ranked = rebuild.rank_all(index, args.workers)
    listed = sum(len(v) for v in ranked.values())
    row("rebuild: rank every article", time.perf_counter() - began, f"{listed} links")
    began = time.perf_counter()
    rebuild.store_index(index, ranked)
    row("rebuild: store", time.perf_counter() - began)
    rebuild_seconds = time.perf_counter() - total
    load_after = os.getloadavg()
    row("rebuild: total", rebuild_seconds)
    me, children = peak_mb()
    by_key = {d["key"]: d for d in docs}
    story_size: dict[int, int] = {}
    for d in docs:
        story_size[d["story"]] = story_size.get(d["story"], 0) + 1
    found = possible = 0
    for d in docs[:2000]:
        found += sum(1 for k, _ in ranked[d["key"]][:6] if by_key[k]["story"] == d["story"])
        possible += min(6, story_size[d["story"]] - 1)
    print(f"  peak RSS: main {me:.0f} MB, largest worker {children:.0f} MB")

    # -- candidate recall ------------------------------------------------------------
    rng = random.Random(3)
    overlaps = []
    began = time.perf_counter()
    for key in rng.sample(index.keys, min(args.recall, index.n)):
        fast = [k for k, _ in index.related(key, 6)]
        full = [k for k, _ in index.related(key, 6, exhaustive=True)]
        if full:
            overlaps.append(len(set(fast) & set(full)) / len(full))
    recall_seconds = time.perf_counter() - began
    del index, ranked

    # -- one new article ---------------------------------------------------------------
    section = root.add_child(instance=SectionPage(title="قسم", slug="section"))
    timings, render = [], []
    for i in range(args.new):
        story = rng.randrange(len(gen.stories))
        title, dek, body = gen.article(story)
        page = section.add_child(
            instance=ArticlePage(
                title=title,
                slug=f"new-{i}",
                dek=dek,
                body=[("paragraph", f"<p>{body}</p>")],
                live=True,
                first_published_at=START + timedelta(days=900, minutes=i),
            )
        )
        began = time.perf_counter()
        related_index.update_article(page.pk)
        timings.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        stories = services.related_articles(page)
        render.append((time.perf_counter() - began) * 1000)
        assert stories is not None
    print("  update_article, in order:", " ".join(f"{t:.0f}" for t in timings), "ms")
    timings.sort()
    render.sort()
    me, children = peak_mb()

    def pct(values, p):
        return values[min(len(values) - 1, int(p * len(values)))]

    print()
    print(
        f"| measure ({connection.vendor}, {args.docs:,} articles, {args.workers} workers) | value |"
    )
    print("|---|---|")
    parts = [r for r in rows if r[0].startswith("rebuild:") and r[0] != "rebuild: total"]
    rebuild_cpu = sum(cpu for _, _, cpu, _ in parts)
    print(
        f"| full rebuild (read, analyse, index, rank all, store), wall / CPU "
        f"| {rebuild_seconds:.0f} s ({rebuild_seconds / 60:.1f} min) / {rebuild_cpu:.0f} s |"
    )
    for step, seconds, cpu, note in parts:
        print(f"| &nbsp; {step[9:]} | {seconds:.1f} s wall, {cpu:.1f} s CPU {note} |")
    print(f"| rebuild throughput | {args.docs / rebuild_seconds:.0f} articles/s |")
    print(
        "| load average (1 min) before / after the rebuild, on "
        f"{os.cpu_count()} cores | {load_before[0]:.1f} / {load_after[0]:.1f} |"
    )
    print(f"| peak RSS, main process / largest worker | {me:.0f} MB / {children:.0f} MB |")
    print(
        f"| update_article for one new article, median / p95 / max ({len(timings)} runs) "
        f"| {statistics.median(timings):.0f} / {pct(timings, 0.95):.0f} / {timings[-1]:.0f} ms |"
    )
    print(
        f"| related_articles() (render side), median / p95 | {statistics.median(render):.1f} / {pct(render, 0.95):.1f} ms |"
    )
    print(f"| same-story recall in top 6 (first 2,000 articles) | {found / max(1, possible):.2f} |")
    if overlaps:
        print(
            f"| candidate recall vs exhaustive top 6 ({len(overlaps)} articles, {recall_seconds:.0f} s) "
            f"| {statistics.mean(overlaps):.2f} |"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)  # the SQLite file takes GBs at 100,000
