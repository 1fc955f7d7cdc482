"""Relevance of Sahifa's Arabic search on its own evaluation set.

    .venv/bin/python bench/search_relevance.py

Indexes the demo newsroom (sahifa/demo/content) plus the extra articles of
bench/search_eval.json, runs the 76 queries and prints recall@3 (target in
the first three) and MRR@10 per category for:

  sahifa        our analyzer: shadow text in SQLite FTS5, our query + ranking
  sahifa-light  the same without lemma terms (light stemming only)
  sahifa-pg     our analyzer on PostgreSQL tsvector('simple') + GIN
  pg-arabic     PostgreSQL's `arabic` text search config on the raw text
  none          no analysis: FTS5 unicode61 on the raw text

Then the same table for the morphology set (bench/data/search_morphology.json,
342 queries: broken plurals, five held-out sets of them, masdar/verb forms,
foreign names with clitics),
on the same corpus plus that set's 42 extra articles (six for the first
sets, twelve each for plural_fresh2, plural_fresh3 and plural_fresh4).

PostgreSQL rows need Debian's server binaries: the script re-runs itself
under scripts/with-postgres.sh (a throwaway cluster on 127.0.0.1).
"""

import json
import os
import re
import sqlite3
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.test")

if (
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    and not os.environ.get("BENCH_NO_POSTGRES")
    and list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
):
    os.execv(
        str(ROOT / "scripts/with-postgres.sh"),
        [str(ROOT / "scripts/with-postgres.sh"), sys.executable, *sys.argv],
    )

from article_text import body_text_of_html  # noqa: E402

from sahifa.search.backends.base import Query  # noqa: E402
from sahifa.search.backends.postgres import tsquery  # noqa: E402
from sahifa.search.backends.sqlite import match_expression  # noqa: E402
from sahifa.search.query import parse_query, rank, shadow_fields  # noqa: E402

CANDIDATES = 100
TOP = 10


MORPHOLOGY = ROOT / "bench/data/search_morphology.json"


def load_documents(extra_set: Path | None = None) -> list[dict]:
    """The demo newsroom and search_eval.json's extra articles with its 76
    queries; with `extra_set`, that set's extra articles added and its
    queries instead."""
    docs = []
    for path in sorted((ROOT / "sahifa/demo/content").glob("*.json")):
        for item in json.loads(path.read_text()):
            body = " ".join(b["value"] for b in item.get("bodies", []))
            docs.append(
                {
                    "uri": item["uri"].rsplit(":", 1)[-1],
                    "title": item["headlines"][0]["value"],
                    "dek": " ".join(d["value"] for d in item.get("descriptions", [])),
                    "body": body_text_of_html(body),
                }
            )
    evaluation = json.loads((ROOT / "bench/search_eval.json").read_text())
    docs.extend(evaluation["extra_articles"])
    if extra_set is None:
        return docs, evaluation["queries"]
    extra = json.loads(extra_set.read_text())
    docs.extend(extra["extra_articles"])
    return docs, extra["queries"]


def shadow(doc: dict, with_lemmas: bool = True) -> SimpleNamespace:
    fields = shadow_fields(doc["title"], doc["dek"], doc["body"])
    if not with_lemmas:
        fields["lemma_terms"] = ""
    return SimpleNamespace(pk=doc["id"], first_published_at=None, **fields)


class OurSQLite:
    def __init__(self, docs, with_lemmas=True):
        self.with_lemmas = with_lemmas
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(title_terms, dek_terms, body_terms, lemma_terms,"
            " tokenize='unicode61 remove_diacritics 0')"
        )
        self.entries = {}
        for doc in docs:
            entry = shadow(doc, with_lemmas)
            self.entries[entry.pk] = entry
            self.db.execute(
                "INSERT INTO fts(rowid, title_terms, dek_terms, body_terms, lemma_terms)"
                " VALUES (?, ?, ?, ?, ?)",
                (entry.pk, entry.title_terms, entry.dek_terms, entry.body_terms, entry.lemma_terms),
            )

    def query(self, text: str) -> Query:
        query = parse_query(text)
        if not self.with_lemmas:
            query = replace(query, groups=tuple((g[0],) for g in query.groups))
        return query

    def candidates(self, query: Query) -> list[int]:
        rows = self.db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 10.0, 4.0, 1.0, 1.0)"
            " LIMIT ?",
            (match_expression(query), CANDIDATES),
        ).fetchall()
        return [row[0] for row in rows]

    def search(self, text: str) -> list[int]:
        query = self.query(text)
        ids = self.candidates(query)
        if not ids and len(query.groups) > 1:
            query = replace(query, any_group=True)
            ids = self.candidates(query)
        return [e.pk for e in rank([self.entries[i] for i in ids], query)][:TOP]


class NoAnalysis:
    def __init__(self, docs):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, dek, body)")
        for doc in docs:
            self.db.execute(
                "INSERT INTO fts(rowid, title, dek, body) VALUES (?, ?, ?, ?)",
                (doc["id"], doc["title"], doc["dek"], doc["body"]),
            )

    def search(self, text: str) -> list[int]:
        words = re.findall(r"\w+", text)
        expression = " AND ".join('"' + w + '"' for w in words)
        try:
            rows = self.db.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 10.0, 4.0, 1.0) LIMIT ?",
                (expression, TOP),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [row[0] for row in rows]


class Postgres:
    def __init__(self, docs, url):
        import psycopg

        self.db = psycopg.connect(url, autocommit=True)
        self.db.execute("DROP TABLE IF EXISTS bench_docs")
        self.db.execute(
            "CREATE TABLE bench_docs (id int primary key, title text, dek text, body text,"
            " title_terms text, dek_terms text, body_terms text, lemma_terms text,"
            " arabic tsvector, shadow tsvector)"
        )
        self.entries = {}
        with self.db.cursor() as cursor:
            for doc in docs:
                entry = shadow(doc)
                self.entries[entry.pk] = entry
                cursor.execute(
                    "INSERT INTO bench_docs VALUES (%s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL)",
                    (
                        doc["id"],
                        doc["title"],
                        doc["dek"],
                        doc["body"],
                        entry.title_terms,
                        entry.dek_terms,
                        entry.body_terms,
                        entry.lemma_terms,
                    ),
                )
        self.db.execute(
            "UPDATE bench_docs SET arabic ="
            " setweight(to_tsvector('arabic', title), 'A') ||"
            " setweight(to_tsvector('arabic', dek), 'B') ||"
            " setweight(to_tsvector('arabic', body), 'C'),"
            " shadow = setweight(to_tsvector('simple', title_terms), 'A') ||"
            " setweight(to_tsvector('simple', dek_terms), 'B') ||"
            " setweight(to_tsvector('simple', body_terms), 'C') ||"
            " setweight(to_tsvector('simple', lemma_terms), 'D')"
        )

    def search_arabic(self, text: str) -> list[int]:
        rows = self.db.execute(
            "SELECT id FROM bench_docs, plainto_tsquery('arabic', %s) q WHERE arabic @@ q"
            " ORDER BY ts_rank('{0.05, 0.1, 0.4, 1.0}'::float4[], arabic, q) DESC, id LIMIT %s",
            (text, TOP),
        ).fetchall()
        return [row[0] for row in rows]

    def _candidates(self, query):
        rows = self.db.execute(
            "SELECT id FROM bench_docs, to_tsquery('simple', %s) q WHERE shadow @@ q"
            " ORDER BY ts_rank('{0.1, 0.1, 0.4, 1.0}'::float4[], shadow, q) DESC LIMIT %s",
            (tsquery(query), CANDIDATES),
        ).fetchall()
        return [row[0] for row in rows]

    def search_ours(self, text: str) -> list[int]:
        query = parse_query(text)
        ids = self._candidates(query)
        if not ids and len(query.groups) > 1:
            query = replace(query, any_group=True)
            ids = self._candidates(query)
        return [e.pk for e in rank([self.entries[i] for i in ids], query)][:TOP]


def evaluate(search, queries, ids_by_uri):
    per_category = {}
    for item in queries:
        target = ids_by_uri[item["target"]]
        found = search(item["q"])
        position = found.index(target) + 1 if target in found else None
        hits = per_category.setdefault(item["category"], [])
        hits.append(position)
    return per_category


def main():
    import django

    django.setup()
    started = time.perf_counter()
    print("== relevance set (bench/search_eval.json) ==")
    run(*load_documents())
    print(f"\n== morphology set ({MORPHOLOGY.relative_to(ROOT)}) ==")
    run(*load_documents(MORPHOLOGY))
    print(f"\n({time.perf_counter() - started:.1f} s)")


def run(docs, queries):
    for i, doc in enumerate(docs, start=1):
        doc["id"] = i
    ids_by_uri = {doc["uri"]: doc["id"] for doc in docs}
    systems = {
        "sahifa": OurSQLite(docs).search,
        "sahifa-light": OurSQLite(docs, with_lemmas=False).search,
    }
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        pg = Postgres(docs, url.replace("postgres://", "postgresql://"))
        systems["sahifa-pg"] = pg.search_ours
        systems["pg-arabic"] = pg.search_arabic
    systems["none"] = NoAnalysis(docs).search
    results = {name: evaluate(search, queries, ids_by_uri) for name, search in systems.items()}

    categories = list(dict.fromkeys(q["category"] for q in queries))
    print(f"{len(docs)} articles, {len(queries)} queries; recall@3 / MRR@10 per category\n")
    header = f"{'category':<15}{'n':>3}  " + "".join(f"{name:>18}" for name in systems)
    print(header)
    print("-" * len(header))
    totals = {name: [] for name in systems}
    for category in categories:
        row = f"{category:<15}{len(results['sahifa'][category]):>3}  "
        for name in systems:
            positions = results[name][category]
            totals[name].extend(positions)
            row += f"{_fmt(positions):>18}"
        print(row)
    print("-" * len(header))
    print(f"{'all':<15}{len(queries):>3}  " + "".join(f"{_fmt(totals[n]):>18}" for n in systems))
    if "sahifa-pg" in systems:
        same = sum(systems["sahifa"](q["q"]) == systems["sahifa-pg"](q["q"]) for q in queries)
        print(
            f"\nsahifa on SQLite and on PostgreSQL return the same top-10 for {same}/{len(queries)} queries"
        )
    misses = [
        f"  {name}: {q['q']} → {q['target']}"
        for name in ("sahifa",)
        for q in queries
        if ids_by_uri[q["target"]] not in systems[name](q["q"])[:3]
    ]
    if misses:
        print("\nsahifa misses (target not in top 3):")
        print("\n".join(misses))


def _fmt(positions) -> str:
    n = len(positions)
    recall = sum(1 for p in positions if p and p <= 3) / n
    mrr = sum(1 / p for p in positions if p) / n
    return f"{recall:.2f} / {mrr:.2f}"


if __name__ == "__main__":
    main()
