"""Listen: diacritization error on hand-diacritized news sentences
(sahifa/listen/tests/data/diacritized_news.txt): the default model
(text2tashkeel rawi-ensemble) against alternatives.

WER: share of words with any mark wrong. WER without case endings: the
marks on each word's last letter ignored (the engine drops them before a
pause anyway). DER: share of letters whose marks are wrong.

    .venv/bin/python bench/listen_diacritization.py [--models rawi-ensemble,rawi-v2-int8,...]
"""

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "sahifa/listen/tests/data/diacritized_news.txt"
MARKS = re.compile("[\u064b-\u0652\u0670]")


def letters(word: str) -> list[tuple[str, str]]:
    """(base letter, sorted marks) pairs, so shadda order does not count."""
    out: list[list] = []
    for ch in unicodedata.normalize("NFC", word):
        if MARKS.match(ch) and out:
            out[-1][1] += ch
        else:
            out.append([ch, ""])
    return [(base, "".join(sorted(marks))) for base, marks in out]


def words(text: str) -> list[str]:
    return re.findall(r"[^\s،,.:؛!؟?«»]+", text)


def score(gold_lines: list[str], predicted: list[str]) -> dict:
    n_words = wrong = wrong_core = n_letters = wrong_letters = 0
    for gold, pred in zip(gold_lines, predicted, strict=True):
        gw, pw = words(gold), words(pred)
        if len(gw) != len(pw):
            raise ValueError(f"word count differs: {gold!r} / {pred!r}")
        for g, p in zip(gw, pw, strict=True):
            gl, pl = letters(g), letters(p)
            n_words += 1
            if gl != pl:
                wrong += 1
            if gl[:-1] != pl[:-1] or [b for b, _ in gl] != [b for b, _ in pl]:
                wrong_core += 1
            for a, b in zip(gl, pl, strict=False):
                n_letters += 1
                wrong_letters += a != b
    return {
        "words": n_words,
        "wer": wrong / n_words,
        "wer_core": wrong_core / n_words,
        "der": wrong_letters / n_letters,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--models", default="rawi-ensemble,rawi-v2-int8,rawi-v3-int8,rawi-v2-int8+rawi-v3-int8"
    )
    args = parser.parse_args()
    from text2tashkeel import Diacritizer

    gold = [
        line.strip()
        for line in DATA.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    plain = [MARKS.sub("", line) for line in gold]
    chars = sum(len(p) for p in plain)
    print(f"{len(gold)} sentences, {sum(len(words(g)) for g in gold)} words, {chars} characters\n")
    print("| model | WER | WER without case endings | DER | chars/s (warm) |")
    print("|---|---|---|---|---|")
    for name in args.models.split(","):
        model = Diacritizer(name)
        try:
            model(plain[0])  # load
        except FileNotFoundError:
            print(f"| {name} | not bundled in the wheel (would download) | | | |")
            continue
        t0 = time.perf_counter()
        predicted = [model(p) for p in plain]
        elapsed = time.perf_counter() - t0
        s = score(gold, predicted)
        label = f"{name} (default)" if name == "rawi-ensemble" else name
        print(
            f"| {label} | {s['wer']:.1%} | {s['wer_core']:.1%} | {s['der']:.1%} "
            f"| {chars / elapsed:,.0f} |"
        )


if __name__ == "__main__":
    main()
