"""Derive sahifa/analysis/data/*.txt from Arramooz and AlKhalil.

    pip install --target /tmp/arramooz arramooz-pysqlite==0.4.2
    pip install --no-deps --target /tmp/farahidi farahidi==0.4.0
    .venv/bin/python scripts/derive_plurals.py /tmp/arramooz/arramooz/data/arabicdictionary.sqlite \
        /tmp/farahidi/farahidi

(The second argument is optional: without it the AlKhalil lists are left
as they are. With it the run takes about seven minutes on one core.)

Arramooz (Taha Zerrouki, GPL-3.0, the same licence family as Sahifa) lists
about 8,500 broken plurals with their singular and 21,700 singular nouns and
adjectives. Sahifa does not depend on the package at run time: this script
writes two plain word lists, normalized with sahifa.analysis.normalize:

  plurals.txt    "plural singular" pairs. A plural whose light stem is also
                 a singular noun's (بدن body / بدن plural of بادن, بؤس) or a
                 verb's perfect (كتب، طرق، خفضة → خفض), or shorter than three
                 letters, is left out: joining it to the rarer reading would
                 cost precision. A three-letter plural stem is kept only
                 when no singular or verb has it (فئران → فئر).
  singulars.txt  the singular nouns and adjectives: the attested forms the
                 root-pattern rules in sahifa/analysis/lemma.py may guess.
  whole.txt      "plural singular" pairs left out of plurals.txt because
                 the light stem is taken, where the stemmer cuts a suffix
                 that belongs to the plural (فرسان → فرس, but فارس; نيران
                 → نير; باعة → باع): read on the whole word, before
                 stemming, which no singular or verb spells (lemma.py).

farahidi 0.4.0 (Wael Tellat, GPL-3.0-or-later) is a pure-Python port of
AlKhalil Morpho Sys 2 (Oujda NLP Team, GPL-3.0) with AlKhalil's lexicon in
the wheel. Its analyzer, run over the corpus stems the wheel ships, gives
broken plurals and their singulars; those whose plural Arramooz does not
list go, under the same guards (split()), to:

  alkhalil.txt        like plurals.txt (خصائص → خاصية، مناخل → منخل)
  alkhalil_whole.txt  like whole.txt (بلايين → بليون، بعران → بعير)
"""

import gzip
import json
import re
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sahifa.analysis import normalize, stem, strip_diacritics  # noqa: E402

OUT = ROOT / "sahifa" / "analysis" / "data"
_WORD = re.compile("^[\u0621-\u064a]{2,}$")  # ظل، حق: singulars of doubled roots
_RAW = re.compile("^[\u0621-\u064a]{3,}$")


def clean(word: str) -> str | None:
    word = normalize(strip_diacritics(word.strip()))
    if word.startswith("ال") and len(word) > 4:  # الرواسي
        word = word[2:]
    return word if _WORD.match(word) else None


def _shares_root(plural: str, single: str) -> bool:
    """Every consonant of the singular is in the plural: drops the list's
    slips (ابحاث given for بخت) at the cost of a few irregular pairs."""
    return set(single) - set("اويءئؤه") <= set(plural)


def split(
    pairs: set[tuple[str, str]], singulars: set[str], taken: set[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The pairs keyed by the plural's light stem, and those read on the
    whole word (the stem is a singular's or a verb's)."""
    kept = sorted(
        (plural, single)
        for plural, single in pairs
        if plural != single
        # A three-letter stem is kept only when no singular or verb has it
        # (فئران → فئر → فأر); the others are mostly verbs (عند، قرر).
        and len(stem(plural)) >= 3
        and stem(plural) not in taken
        and _shares_root(plural, single)
    )
    # The same pairs on the whole word, when the stem cut a suffix the
    # plural's pattern owns (ان، ين، ة، ي): the word itself is unambiguous.
    whole = sorted(
        (plural, single)
        for plural, single in pairs
        if plural != single
        and stem(plural) in taken
        and stem(plural) != plural
        and stem(plural) != stem(single)
        and len(plural) >= 4
        and plural not in singulars
        and _shares_root(plural, single)
    )
    return kept, whole


def alkhalil_pairs(package: Path) -> set[tuple[str, str]]:
    """Broken plural → singular pairs from AlKhalil Morpho Sys 2's lexicon,
    as shipped by farahidi: every word of its corpus stem list
    (data/DATA.MSA.SHA.STEM) that the analyzer reads, bare (no clitic, no
    suffix), as a broken plural noun, with that reading's lemma. The
    analyzer also offers readings no newsroom writes (مراجع as مُراجَع), so
    its other readings are not a guard: Arramooz's singulars and verbs are,
    as for Arramooz's own pairs (split())."""
    sys.path.insert(0, str(package.parent))
    from farahidi import Analyzer

    words: set[str] = set()
    with gzip.open(package / "data" / "DATA.MSA.SHA.STEM.map.jsonl.gz", "rt") as lines:
        for line in lines:
            word = strip_diacritics(json.loads(line)["key"])
            if _RAW.match(word):
                words.add(word)
    analyzer = Analyzer()
    pairs: set[tuple[str, str]] = set()
    for word in sorted(words):
        # آبارا: the accusative alef of a word the list also has bare.
        if word.endswith("ا") and word[:-1] in words:
            continue
        found = {
            reading.lemma
            for reading in analyzer.analyze(word)
            if reading.pos == "اسم"
            and reading.number == "جمع"
            and not (reading.proclitics or reading.enclitics or reading.suffixes)
        }
        plural = clean(word)
        if not found or not plural:
            continue
        for lemma in found:
            single = clean(lemma or "")
            if single and single != plural:
                pairs.add((plural, single))
    return pairs


def main(path: str, alkhalil: str | None = None) -> None:
    db = sqlite3.connect(path)
    singulars: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    rows = db.execute("SELECT unvocalized, number, single, broken_plural FROM nouns").fetchall()
    for unvocalized, number, single, broken in rows:
        word = clean(unvocalized or "")
        if not word:
            continue
        if number == "مفرد":
            singulars.add(word)
            for plural in re.split(r"[;؛،,\s]+", broken or ""):
                plural = clean(plural)
                if plural:
                    pairs.add((plural, word))
        elif number == "جمع تكسير" and single:
            base = clean(single)
            if base:
                pairs.add((word, base))
    verbs = {clean(v) for (v,) in db.execute("SELECT unvocalized FROM verbs")} - {None}
    # Sahifa matches light stems: a plural whose stem is a singular's or a
    # verb's (خفضة → خفض, the verb "lowered") would join them all.
    taken = {stem(word) for word in singulars | verbs}
    kept, whole = split(pairs, singulars, taken)
    OUT.mkdir(exist_ok=True)
    header = "# Derived from Arramooz (GPL-3.0) by scripts/derive_plurals.py; do not edit.\n"
    (OUT / "plurals.txt").write_text(
        header + "".join(f"{p} {s}\n" for p, s in kept), encoding="utf-8"
    )
    (OUT / "singulars.txt").write_text(
        header + "".join(f"{s}\n" for s in sorted(singulars)), encoding="utf-8"
    )
    (OUT / "whole.txt").write_text(
        header + "".join(f"{p} {s}\n" for p, s in whole), encoding="utf-8"
    )
    print(f"{len(whole)} whole-word pairs")  # noqa: T201
    print(f"{len(kept)} plural pairs, {len(singulars)} singulars → {OUT.relative_to(ROOT)}")  # noqa: T201
    if alkhalil:
        # Only plurals Arramooz does not list, under the same guards.
        listed = {plural for plural, _ in pairs}
        extra = {pair for pair in alkhalil_pairs(Path(alkhalil)) if pair[0] not in listed}
        kept, whole = split(extra, singulars, taken)
        header = (
            "# Derived from AlKhalil Morpho Sys 2 (GPL-3.0), as shipped by farahidi,"
            " by scripts/derive_plurals.py; do not edit.\n"
        )
        (OUT / "alkhalil.txt").write_text(
            header + "".join(f"{p} {s}\n" for p, s in kept), encoding="utf-8"
        )
        (OUT / "alkhalil_whole.txt").write_text(
            header + "".join(f"{p} {s}\n" for p, s in whole), encoding="utf-8"
        )
        print(f"AlKhalil: {len(extra)} new pairs, {len(kept)} by stem, {len(whole)} whole-word")  # noqa: T201


if __name__ == "__main__":
    main(*sys.argv[1:3])
