"""Listen: time, real-time factor, peak memory and size of the audio of a
5,000-character article (the reference-like demo story pol-001), with the
default chain (tashkeel rawi-v3-int8 → eSpeak NG → LAME MP3 48 kbit/s).

Each run is a fresh process (so model loading and peak memory are counted);
the table also shows a second, warm pass in the same process.

    .venv/bin/python bench/listen_synthesis.py [--runs 3]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_CHARS = 5000


def article_sentences() -> list[str]:
    from bs4 import BeautifulSoup

    from sahifa.listen.lexicon_starter import ARABIC_STARTER_LEXICON, STARTER_LEXICON
    from sahifa.listen.normalize import Lexicon, normalize, split_sentences, terminate

    items = json.loads((ROOT / "sahifa/demo/content/politics.json").read_text(encoding="utf-8"))
    item = next(i for i in items if i["uri"] == "urn:sahifa:demo:pol-001")
    parts = [item["headlines"][0]["value"], item["descriptions"][0]["value"]]
    soup = BeautifulSoup(item["bodies"][0]["value"], "html.parser")
    for node in soup.find_all(["p", "h2"]):
        text = " ".join(node.get_text().split())
        if text and not text.startswith("اقرأ أيضاً"):
            parts.append(text)
    # Both starter lexicons, as the migrations load them.
    lexicon = Lexicon({**STARTER_LEXICON, **ARABIC_STARTER_LEXICON})
    sentences = [terminate(normalize(s, lexicon)) for p in parts for s in split_sentences(p)]
    out, total = [], 0
    while total < TARGET_CHARS:  # repeat the story if it is shorter than the target
        for sentence in sentences:
            if total >= TARGET_CHARS:
                break
            out.append(sentence)
            total += len(sentence) + 1
    return out


def one_process() -> dict:
    """Runs inside a child process: cold pass (models load), then a warm pass,
    then each stage alone for the breakdown."""
    from sahifa.listen import encode
    from sahifa.listen.backends.espeak import EspeakEngine

    sentences = article_sentences()
    engine = EspeakEngine()
    results = {}
    for label in ("cold", "warm"):
        t0 = time.perf_counter()
        first = engine.synthesize(sentences[:1])
        encode.to_mp3(first.samples, first.sample_rate)
        first_sentence = time.perf_counter() - t0
        t0 = time.perf_counter()
        encoder = encode.Mp3Encoder(engine.sample_rate)
        synthesis = engine.synthesize(sentences, sink=encoder.feed)
        mp3 = encoder.finish()
        total = time.perf_counter() - t0
        results[label] = {
            "chars": sum(len(s) + 1 for s in sentences),
            "sentences": len(sentences),
            "first_sentence_s": first_sentence,
            "total_s": total,
            "audio_s": synthesis.duration,
            "mp3_bytes": len(mp3),
        }
    # Stage breakdown, each stage alone (sequential).
    t0 = time.perf_counter()
    prepared = [engine.prepare(s) for s in sentences]
    results["tashkeel_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    audio = [engine.speak_prepared(p) for p in prepared]
    results["espeak_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    encoder = encode.Mp3Encoder(engine.sample_rate)
    for chunk in audio:
        encoder.feed(chunk)
    encoder.finish()
    results["encode_s"] = time.perf_counter() - t0
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_process()))
        return
    rows = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child"],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2")},
        )
        if out.returncode:
            sys.exit(out.stderr)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    first = rows[0]["cold"]
    print(
        f"article: {first['chars']} characters, {first['sentences']} sentences, "
        f"{first['audio_s']:.0f} s of audio ({os.cpu_count()} CPUs, {args.runs} fresh processes)\n"
    )
    header = (
        "| run | pass | first sentence s | whole article s | RTF | MP3 MB | KB per min "
        "| peak MB | alone: tashkeel s | eSpeak s | LAME s |"
    )
    print(header)
    print("|---" * 11 + "|")
    for i, row in enumerate(rows, 1):
        for label in ("cold", "warm"):
            r = row[label]
            stages = (
                f"{row['tashkeel_s']:.2f} | {row['espeak_s']:.2f} | {row['encode_s']:.2f}"
                if label == "warm"
                else " | | "
            )
            print(
                f"| {i} | {label} | {r['first_sentence_s']:.2f} | {r['total_s']:.2f} "
                f"| {r['audio_s'] / r['total_s']:.0f}× | {r['mp3_bytes'] / 1e6:.2f} "
                f"| {r['mp3_bytes'] / 1024 / (r['audio_s'] / 60):.0f} | {row['peak_mb']:.0f} "
                f"| {stages} |"
            )
    print(f"\nload average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("\ntarget: whole article encoded in ≤ 5 s (RTF ≥ 100×), first sentence ≤ 0.5 s")


if __name__ == "__main__":
    main()
