"""Quality of «أخبار ذات صلة»: precision@5 and nDCG@5 against labelled story
clusters, for Sahifa's method and a plain TF-IDF baseline.

    .venv/bin/python bench/related_eval.py

The set: the demo newsroom (45 articles; the رامي الخطيب trilogy and the
two قلعة الصخرة stories are the labelled clusters, the rest are singletons)
plus bench/data/related/articles.json (10 clusters of 6 articles on one
event each, and 16 distractors that share words or tags with a cluster but
not its story). An article's relevant set is the rest of its cluster.

precision@5 = relevant in the top 5 / min(5, |relevant|) (so a query with
two relevant stories can reach 1.0); nDCG@5 uses binary gains. Queries with
nothing relevant are not scored; for them the "noise" column gives how many
stories each method still lists (Sahifa drops weak matches, TF-IDF cannot).
"""

import json
import math
import re
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from article_text import body_text_of_html  # noqa: E402

from sahifa.related import engine  # noqa: E402

DATA = ROOT / "bench" / "data" / "related" / "articles.json"
DEMO = ROOT / "sahifa" / "demo" / "content"
DEMO_CLUSTERS = {
    "urn:sahifa:demo:pol-001": "demo-khatib",
    "urn:sahifa:demo:tech-001": "demo-khatib",
    "urn:sahifa:demo:eco-001": "demo-khatib",
    "urn:sahifa:demo:cult-004": "demo-castle",
    "urn:sahifa:demo:cult-005": "demo-castle",
}
K = 5


def load() -> list[dict]:
    docs = []
    for path in sorted(DEMO.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            body = " ".join(body_text_of_html(b["value"]) for b in item["bodies"])
            docs.append(
                {
                    "id": item["uri"],
                    "cluster": DEMO_CLUSTERS.get(item["uri"], item["uri"]),
                    "group": "demo",
                    "section": path.stem,
                    "published": item["firstcreated"][:10],
                    "title": item["headlines"][0]["value"],
                    "dek": item["descriptions"][0]["value"] if item.get("descriptions") else "",
                    "body": body,
                    "tags": [s["name"] for s in item.get("subjects", [])],
                }
            )
    for doc in json.loads(DATA.read_text(encoding="utf-8"))["articles"]:
        docs.append({**doc, "group": "ours"})
    return docs


def sahifa_lists(docs, text_only=False, min_score=None) -> dict[int, list[int]]:
    tag_ids, section_ids = {}, {}
    index = engine.MemoryIndex()
    for key, doc in sorted(enumerate(docs), key=lambda kd: kd[1]["published"]):
        index.add(
            engine.Vector(
                key=key,
                terms=engine.term_weights(doc["title"], doc["dek"], doc["body"]),
                tags=frozenset()
                if text_only
                else frozenset(tag_ids.setdefault(t, len(tag_ids)) for t in doc["tags"]),
                section=None
                if text_only
                else section_ids.setdefault(doc["section"], len(section_ids) + 1),
                published=None if text_only else datetime.fromisoformat(doc["published"]),
            )
        )
    index.finish()
    return {key: [k for k, _ in index.related(key, K, min_score)] for key in index.keys}


def tfidf_lists(docs) -> dict[int, list[int]]:
    """Plain TF-IDF: lower-cased \\w\\w+ tokens of title + dek + body, raw
    counts, smoothed IDF, cosine (what scikit-learn's TfidfVectorizer does by
    default); no Arabic normalization, stemming, field weights or metadata."""
    bags = [
        Counter(re.findall(r"\w\w+", f"{d['title']} {d['dek']} {d['body']}".lower())) for d in docs
    ]
    n = len(bags)
    df = Counter(t for bag in bags for t in bag)
    vecs = []
    for bag in bags:
        vec = {t: c * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        vecs.append({t: v / norm for t, v in vec.items()})
    lists = {}
    for i, q in enumerate(vecs):
        scores = [
            (j, sum(w * v.get(t, 0.0) for t, w in q.items())) for j, v in enumerate(vecs) if j != i
        ]
        scores.sort(key=lambda s: -s[1])
        lists[i] = [j for j, _ in scores[:K]]
    return lists


def evaluate(docs, lists, group=None):
    precisions, ndcgs, noise = [], [], []
    for key, doc in enumerate(docs):
        if group and doc["group"] != group:
            continue
        relevant = {j for j, d in enumerate(docs) if d["cluster"] == doc["cluster"] and j != key}
        top = lists[key][:K]
        if not relevant:
            noise.append(len(top))
            continue
        hits = [1 if j in relevant else 0 for j in top]
        precisions.append(sum(hits) / min(K, len(relevant)))
        dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
        ideal = sum(1 / math.log2(i + 2) for i in range(min(K, len(relevant))))
        ndcgs.append(dcg / ideal)
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    return len(precisions), mean(precisions), mean(ndcgs), mean(noise)


def main() -> None:
    docs = load()
    methods = []
    for name, build in (
        ("Sahifa, as shipped", lambda: sahifa_lists(docs)),
        ("Sahifa, no minimum score", lambda: sahifa_lists(docs, min_score=0.0)),
        ("Sahifa, text only, no minimum", lambda: sahifa_lists(docs, True, 0.0)),
        ("plain TF-IDF baseline", lambda: tfidf_lists(docs)),
    ):
        start = time.perf_counter()
        lists = build()
        methods.append((name, lists, time.perf_counter() - start))
    print(f"{len(docs)} articles ({sum(d['group'] == 'demo' for d in docs)} demo), K={K}\n")
    print(f"| method | queries | set | precision@{K} | nDCG@{K} | noise@{K} | seconds |")
    print("|---|---|---|---|---|---|---|")
    for name, lists, seconds in methods:
        for group in ("ours", "demo", None):
            q, p, n, noise = evaluate(docs, lists, group)
            print(
                f"| {name} | {q} | {group or 'all'} | {p:.3f} | {n:.3f} | {noise:.2f} | {seconds:.2f} |"
            )


if __name__ == "__main__":
    main()
