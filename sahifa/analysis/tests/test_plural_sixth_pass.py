"""Broken plurals, sixth pass (issue 16): AlKhalil Morpho Sys 2's plural
pairs that Arramooz does not list (data/alkhalil.txt, keyed by stem, and
data/alkhalil_whole.txt, keyed by the whole word). Each case fails without
the AlKhalil lists; none of these words is in the hand lexicon or a
held-out set."""

import pytest

from sahifa.analysis import lemma as lemma_module
from sahifa.analysis import normalize, stem
from sahifa.analysis.lemma import lemmas_of_token
from sahifa.analysis.lexicon import BROKEN_PLURALS, DERIVATIONS, NISBA

CASES = [
    ("الخصائص", "خاصية"),  # stem-keyed (alkhalil.txt)
    ("المناخل", "منخل"),
    ("البلايين", "بليون"),  # whole word (alkhalil_whole.txt): ين is the plural's
    ("البعران", "بعير"),
]


def _fresh(monkeypatch, on: bool) -> None:
    """Reload the lists with AlKhalil's pairs on or off."""
    monkeypatch.setattr(lemma_module, "ALKHALIL", on)
    monkeypatch.setattr(lemma_module, "_LEXICON", {})
    for table in (BROKEN_PLURALS, NISBA, DERIVATIONS):  # the hand lexicon, as at import
        for form, base in table.items():
            lemma_module._add(form, base)
    monkeypatch.setattr(lemma_module, "_WHOLE", {})
    monkeypatch.setattr(lemma_module, "_SHORT", set())
    monkeypatch.setattr(lemma_module, "_SECOND", set())
    monkeypatch.setattr(lemma_module, "_cache", {})
    monkeypatch.setattr(lemma_module, "_token_cache", {})
    lemma_module._load_data()


def _arramooz_plurals() -> set[str]:
    plurals = set()
    for name in ("plurals.txt", "whole.txt"):
        plurals.update(plural for plural, _ in lemma_module._read(name))
    return plurals


@pytest.mark.parametrize(("plural", "singular"), CASES)
def test_alkhalil_pairs_join(monkeypatch, plural, singular):
    bare = normalize(plural).removeprefix("ال")
    assert plural.removeprefix("ال") not in BROKEN_PLURALS
    assert bare not in _arramooz_plurals()
    _fresh(monkeypatch, True)
    assert stem(normalize(singular)) in lemmas_of_token(normalize(plural))
    _fresh(monkeypatch, False)
    assert stem(normalize(singular)) not in lemmas_of_token(normalize(plural))


def test_rule_guess_stays_next_to_alkhalil_singular(monkeypatch):
    # جبائر: AlKhalil gives جبيرة, the فعائل rule جبار; AlKhalil's singular
    # is at times the rarer one, so the guess is kept too.
    _fresh(monkeypatch, True)
    found = lemmas_of_token(normalize("جبائر"))
    assert stem(normalize("جبيرة")) in found
    assert "جبار" in found


def test_lists_ship_with_their_source():
    for name in ("alkhalil.txt", "alkhalil_whole.txt"):
        header = (lemma_module._DATA / name).read_text(encoding="utf-8").splitlines()[0]
        assert "AlKhalil" in header
        assert "GPL-3.0" in header
    assert len(lemma_module._read("alkhalil.txt")) > 400
    assert len(lemma_module._read("alkhalil_whole.txt")) > 30
    # Only plurals Arramooz does not list.
    arramooz = _arramooz_plurals()
    assert not arramooz & {plural for plural, _ in lemma_module._read("alkhalil.txt")}
