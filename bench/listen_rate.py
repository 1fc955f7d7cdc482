"""Listen: reading rate in words per minute on the demo articles, at one
or more eSpeak rates, with the default chain (starter lexicon → normalizer
→ tashkeel → eSpeak NG, sentence gaps included).

wpm = words of the article's text (headline, dek, paragraphs and
sub-headings as written, before numbers become words) / audio minutes.
Arabic newsreaders read 120–150 wpm at 1×. Each article is diacritized
once; only eSpeak runs again per rate, so trying rates is cheap.

    .venv/bin/python bench/listen_rate.py [--rates 150,230] [--articles pol-001,eco-002]
"""

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sahifa.settings.test")


def demo_articles() -> list[tuple[str, list[str]]]:
    """(uri, text parts) of every demo article, as the page reads them."""
    from bs4 import BeautifulSoup

    articles = []
    for path in sorted((ROOT / "sahifa/demo/content").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            parts = [item["headlines"][0]["value"]]
            parts += [d["value"] for d in item.get("descriptions", [])]
            for body in item.get("bodies", []):
                soup = BeautifulSoup(body["value"], "html.parser")
                for node in soup.find_all(["p", "h2", "h3", "blockquote"]):
                    text = " ".join(node.get_text().split())
                    if text and not text.startswith("اقرأ أيضاً"):
                        parts.append(text)
            articles.append((item["uri"].rsplit(":", 1)[-1], parts))
    return articles


def words(parts: list[str]) -> int:
    return sum(len(re.findall(r"[\w\u0600-\u06ff%]+", part)) for part in parts)


def main():
    import django

    django.setup()
    from django.conf import settings

    from sahifa.listen.backends.espeak import EspeakEngine
    from sahifa.listen.lexicon_starter import STARTER_LEXICON
    from sahifa.listen.normalize import Lexicon, normalize, split_sentences, terminate

    # The test settings swap the engine out; the eSpeak options are the
    # configured ones whatever the engine.
    options = {
        key: value
        for key, value in settings.SAHIFA_LISTEN_ENGINE_OPTIONS.items()
        if key in ("voice", "rate", "pitch", "diacritizer")
    }
    options.setdefault("rate", EspeakEngine().rate)
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default=str(options["rate"]))
    parser.add_argument("--articles", default="", help="comma-separated uris (default: all)")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    wanted = set(filter(None, args.articles.split(",")))
    lexicon = Lexicon(STARTER_LEXICON)
    engines = {rate: EspeakEngine(**{**options, "rate": rate}) for rate in rates}
    first = engines[rates[0]]
    first.start()

    started = time.perf_counter()
    totals = dict.fromkeys(rates, 0.0)
    total_words = 0
    print("| article | words | " + " | ".join(f"rate {r}: s / wpm" for r in rates) + " |")
    print("|---|---|" + "---|" * len(rates))
    for uri, parts in demo_articles():
        if wanted and uri not in wanted:
            continue
        sentences = [terminate(normalize(s, lexicon)) for p in parts for s in split_sentences(p)]
        prepared = [first.prepare(s) for s in sentences if s.strip(" .!؟?")]
        count = words(parts)
        total_words += count
        cells = []
        for rate, engine in engines.items():
            samples = sum(len(engine.speak_prepared(p)) for p in prepared)
            seconds = samples / engine.sample_rate + engine.sentence_gap * len(prepared)
            totals[rate] += seconds
            cells.append(f"{seconds:.0f} / {count / seconds * 60:.0f}")
        print(f"| {uri} | {count} | " + " | ".join(cells) + " |")
    cells = [f"{totals[r]:.0f} / {total_words / totals[r] * 60:.0f}" for r in rates]
    print(f"| **all** | {total_words} | " + " | ".join(cells) + " |")
    print(f"\ntarget 120–150 wpm at 1×; configured rate {options.get('rate')}")
    print(f"({time.perf_counter() - started:.0f} s, load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
