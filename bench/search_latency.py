"""Search latency and indexing throughput at 100,000 generated articles,
on SQLite (FTS5) and PostgreSQL (tsvector + GIN), side by side.

    .venv/bin/python bench/search_latency.py [--docs 100000] [--queries 300]

1. Generates articles from the demo newsroom's vocabulary (title 9 words,
   dek 22, body 180; Zipf-like word frequencies as in the demo) and runs the
   Arabic analysis once: analysis throughput.
2. For each engine, in a child process with its own throwaway database
   (a temporary SQLite file; a private PostgreSQL cluster on 127.0.0.1 via
   scripts/with-postgres.sh), migrates, bulk-inserts the index rows
   (insert + trigger/GIN throughput), then times 1-, 2- and 3-word queries
   the way /search/ answers them: engine candidates, Python re-ranking,
   headline and snippet highlighting for the first 10 results.
   Totals are capped (backends.base.BROAD_QUERY): "median hits" too.
   Each step's own time is printed too (engine statements, fetching the
   candidates, Python ranking, fetching and highlighting the shown 10).
3. Prints the machine's load average at start and end: on a shared machine
   it explains most of the spread between runs.
Pages are not created (Wagtail's page tree is not what is measured); the
final ArticlePage fetch of /search/ (10 rows by primary key) is left out.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.test")

TITLE, DEK, BODY = 9, 22, 180


def vocabulary() -> tuple[list[str], list[float]]:
    counts: dict[str, int] = {}
    for path in (ROOT / "sahifa/demo/content").glob("*.json"):
        for item in json.loads(path.read_text()):
            text = " ".join(
                [item["headlines"][0]["value"]]
                + [d["value"] for d in item.get("descriptions", [])]
                + [re.sub(r"<[^>]+>", " ", b["value"]) for b in item.get("bodies", [])]
            )
            for word in re.findall(r"[\u0600-\u06ff]+", text):
                counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=counts.get, reverse=True)
    return words, [counts[w] for w in words]


def generate(path: Path, n: int) -> dict:
    from sahifa.search.query import shadow_fields

    words, weights = vocabulary()
    rng = random.Random(5)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    titles = []
    analysis = 0.0
    with path.open("w") as out:
        for pk in range(1, n + 1):
            title, dek, body = (
                " ".join(rng.choices(words, weights, k=k)) for k in (TITLE, DEK, BODY)
            )
            began = time.perf_counter()
            row = {
                "page_id": pk,
                "section_id": rng.randint(1, 7),
                "first_published_at": (start + timedelta(minutes=15 * pk)).isoformat(),
                "title": title,
                "dek": dek,
                "body": body,
                **shadow_fields(title, dek, body),
            }
            analysis += time.perf_counter() - began
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if pk % 97 == 0:
                titles.append(title)
    return {"analysis_s": analysis, "titles": titles}


def make_queries(titles: list[str], count: int) -> list[str]:
    from sahifa.analysis import STOPWORDS, tokenize

    rng = random.Random(7)
    queries = []
    for size in (1, 2, 3):
        made = 0
        while made < count // 3:
            title = [w for w in tokenize(rng.choice(titles)) if w not in STOPWORDS]
            if len(title) < size:
                continue
            at = rng.randrange(0, len(title) - size + 1)
            queries.append(" ".join(title[at : at + size]))
            made += 1
    return queries


# -- child process: one engine --------------------------------------------------
def worker(data: Path, queries: list[str]) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from sahifa.search import services
    from sahifa.search.backends import get_engine
    from sahifa.search.backends.base import Filters
    from sahifa.search.models import SearchEntry
    from sahifa.search.query import highlight

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys=OFF")
        else:  # no pages exist: drop the foreign keys of the throwaway table
            cursor.execute(
                "SELECT conname FROM pg_constraint"
                " WHERE conrelid = 'search_searchentry'::regclass AND contype = 'f'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE search_searchentry DROP CONSTRAINT "{name}"')

    get_engine().reset()  # as services.rebuild() does before writing the archive
    began = time.perf_counter()
    batch = []
    with data.open() as rows:
        for line in rows:
            row = json.loads(line)
            row["first_published_at"] = datetime.fromisoformat(row["first_published_at"])
            batch.append(SearchEntry(**row))
            if len(batch) == 2000:
                with transaction.atomic():
                    SearchEntry.objects.bulk_create(batch)
                batch = []
    if batch:
        with transaction.atomic():
            SearchEntry.objects.bulk_create(batch)
    get_engine().optimize()
    insert_s = time.perf_counter() - began
    total = SearchEntry.objects.count()

    # Per-step time of the last answer: the real functions, wrapped.
    steps: dict[str, float] = {}

    def timed(step, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps[step] = steps.get(step, 0.0) + (time.perf_counter() - began) * 1000

        return wrapper

    engine = get_engine()
    engine.search = timed("engine SQL", engine.search)
    services._candidates = timed("fetch candidates", services._candidates)
    services.rank = timed("rank (Python)", services.rank)
    services.shown_entries = timed("fetch shown 10", services.shown_entries)

    def answer(text, **options):
        steps.clear()
        outcome = services.SearchOutcome(query=text, sort=options.get("sort", "relevance"))
        query = services.parse_query(text)
        hits = services._find(query, Filters(section_id=options.get("section")), outcome)
        terms = services.highlighted_terms(query)
        began = time.perf_counter()
        for entry in services.shown_entries(hits.ids).values():
            highlight(entry.title, terms)
            services.snippet(entry, terms)
        steps["highlight 10"] = (time.perf_counter() - began) * 1000 - steps["fetch shown 10"]
        return hits.total

    for text in queries[:30]:  # warm caches
        answer(text)
    timings: dict[str, list[float]] = {"1": [], "2": [], "3": [], "newest": [], "section": []}
    hits = []
    for text in queries:
        began = time.perf_counter()
        hits.append(answer(text))
        words = str(len(text.split()))
        timings[words].append((time.perf_counter() - began) * 1000)
        for step, spent in steps.items():
            timings.setdefault(f"{words}:{step}", []).append(spent)
    for text in queries[::3]:
        began = time.perf_counter()
        answer(text, sort="newest")
        timings["newest"].append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        answer(text, section=3)
        timings["section"].append((time.perf_counter() - began) * 1000)
    autocomplete = []
    for text in queries[:100]:
        prefix = text.split()[0][:3]
        began = time.perf_counter()
        services.get_engine().autocomplete([], prefix, 8)
        autocomplete.append((time.perf_counter() - began) * 1000)
    timings["autocomplete"] = autocomplete
    return {
        "engine": vendor,
        "articles": total,
        "insert_s": insert_s,
        "timings": timings,
        "median_hits": statistics.median(hits),
    }


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        queries = json.loads(Path(args.data + ".queries").read_text())
        print("RESULT " + json.dumps(worker(Path(args.data), queries)))
        return

    load_start = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="sahifa-bench-search-"))
    data = tmp / "entries.jsonl"
    import django

    django.setup()
    print(f"generating and analyzing {args.docs} articles …", flush=True)
    generated = generate(data, args.docs)
    queries = make_queries(generated["titles"], args.queries)
    Path(str(data) + ".queries").write_text(json.dumps(queries, ensure_ascii=False))
    analysis_rate = args.docs / generated["analysis_s"]

    results = []
    me = [sys.executable, __file__, "--worker", "1", "--data", str(data)]
    runs = [("sqlite", me, {"DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}"})]
    if list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        runs.append(("postgresql", [str(ROOT / "scripts/with-postgres.sh"), *me], {}))
    for name, command, env in runs:
        print(f"indexing and querying on {name} …", flush=True)
        environ = {**os.environ, **env}
        if name == "postgresql":
            environ.pop("DATABASE_URL", None)
        done = subprocess.run(command, env=environ, capture_output=True, text=True, timeout=1800)
        line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(done.stdout[-2000:], done.stderr[-4000:])
            continue
        results.append(json.loads(line[7:]))
    for path in tmp.iterdir():
        path.unlink()
    tmp.rmdir()

    print(
        f"\n{args.docs} articles ({TITLE}+{DEK}+{BODY} words), {len(queries)} queries;"
        f" analysis {analysis_rate:,.0f} articles/s (one core, Python)\n"
    )
    header = f"{'':<28}" + "".join(f"{r['engine']:>22}" for r in results)
    print(header)
    print("-" * len(header))
    row = f"{'insert + index, articles/s':<28}"
    print(row + "".join(f"{r['articles'] / r['insert_s']:>22,.0f}" for r in results))
    row = f"{'indexing total, articles/s':<28}"
    print(
        row
        + "".join(
            f"{r['articles'] / (r['insert_s'] + generated['analysis_s']):>22,.0f}" for r in results
        )
    )
    print(f"{'median hits (capped)':<28}" + "".join(f"{r['median_hits']:>22}" for r in results))
    for key, label in (
        ("1", "1 word   p50 / p95 ms"),
        ("2", "2 words  p50 / p95 ms"),
        ("3", "3 words  p50 / p95 ms"),
        ("newest", "sort=newest p50 / p95"),
        ("section", "section filter p50 / p95"),
        ("autocomplete", "autocomplete p50 / p95"),
    ):
        cells = "".join(
            f"{percentile(r['timings'][key], 50):>13.1f} / {percentile(r['timings'][key], 95):>6.1f}"
            for r in results
        )
        print(f"{label:<28}{cells}")
    print("\nwhere the time goes, p50 / p95 ms of each step (relevance order)")
    steps = [key for key in results[0]["timings"] if ":" in key] if results else []
    for key in sorted(steps):
        words, step = key.split(":", 1)
        cells = "".join(
            f"{percentile(r['timings'][key], 50):>13.1f} / {percentile(r['timings'][key], 95):>6.1f}"
            for r in results
        )
        print(f"{words} word{'s' if words != '1' else ''}: {step}".ljust(28) + cells)
    load_end = os.getloadavg()
    print(
        f"\nload average (1/5/15 min) at start {_load(load_start)}, at end {_load(load_end)}"
        f" on {os.cpu_count()} cores"
    )


def _load(values) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
