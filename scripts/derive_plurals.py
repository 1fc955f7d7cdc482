"""Derive sahifa/analysis/data/{plurals,singulars}.txt from Arramooz.

    pip install --target /tmp/arramooz arramooz-pysqlite==0.4.2
    .venv/bin/python scripts/derive_plurals.py /tmp/arramooz/arramooz/data/arabicdictionary.sqlite

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
"""

import re
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sahifa.analysis import normalize, stem, strip_diacritics  # noqa: E402

OUT = ROOT / "sahifa" / "analysis" / "data"
_WORD = re.compile("^[\u0621-\u064a]{2,}$")  # ظل، حق: singulars of doubled roots


def clean(word: str) -> str | None:
    word = normalize(strip_diacritics(word.strip()))
    if word.startswith("ال") and len(word) > 4:  # الرواسي
        word = word[2:]
    return word if _WORD.match(word) else None


def _shares_root(plural: str, single: str) -> bool:
    """Every consonant of the singular is in the plural: drops the list's
    slips (ابحاث given for بخت) at the cost of a few irregular pairs."""
    return set(single) - set("اويءئؤه") <= set(plural)


def main(path: str) -> None:
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


if __name__ == "__main__":
    main(sys.argv[1])
