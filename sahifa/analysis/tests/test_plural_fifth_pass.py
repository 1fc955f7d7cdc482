"""Broken plurals, fifth pass (issue 16): Arramooz's plurals read on the
whole word, before stemming, where the stemmer cuts a suffix the plural's
pattern owns (ان، ين، ة). Each case fails without the rule; none of these
words is in the hand lexicon or a held-out set."""

import pytest

from sahifa.analysis import analyze, lemma_terms, normalize, stem
from sahifa.analysis import lemma as lemma_module
from sahifa.analysis.lemma import lemmas_of_stem, lemmas_of_token
from sahifa.analysis.lexicon import BROKEN_PLURALS


def joined(a: str, b: str) -> bool:
    """Whether the terms of `a` (stems and lemmas) meet those of `b`."""
    return bool(set(analyze(a) + lemma_terms(a)) & set(analyze(b) + lemma_terms(b)))


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("الشجعان", "شجاع"),  # فُعلان: the stem شجع is a verb
        ("الثيران", "ثور"),  # فِعلان of a hollow root: the stem ثير says nothing
        ("غزلانها", "غزال"),  # behind a pronoun
        ("الساسة", "سائس"),  # فُعَلة of a hollow فاعل: the stem ساس is a verb
        ("السادة", "سيد"),
    ],
)
def test_whole_word_joins(plural, singular):
    assert plural.removeprefix("ال") not in BROKEN_PLURALS
    assert joined(plural, singular)
    # The light stem alone does not: the rule is what joins them.
    word = normalize(plural)
    assert stem(singular_norm := normalize(singular)) not in lemmas_of_stem(stem(word)), (
        singular_norm
    )


def test_whole_word_reads_the_word_not_the_stem():
    # «شجع» (encouraged) has the stem of «الشجعان» but is no plural.
    assert stem(normalize("شجاع")) in lemmas_of_token(normalize("الشجعان"))
    assert stem(normalize("شجاع")) not in lemmas_of_token(normalize("شجع"))
    assert stem(normalize("شجاع")) not in lemma_terms("شجع الجمهور فريقه")


def test_whole_word_skips_the_conjunction_and_pronouns():
    lemmas_of_stem("")  # loads the lists
    # و at the start of a listed word is mostly the conjunction.
    assert not any(key.startswith("و") for key in lemma_module._WHOLE)
    # A final ه is a pronoun too: أهله (his family) is no plural of هلال.
    assert "هلال" not in lemmas_of_token(normalize("أهله"))
    assert "اهله" not in lemma_module._WHOLE


@pytest.mark.parametrize("switch", ["WHOLE_WORD", "WHOLE_WORD_TA"])
def test_switches_turn_the_rule_off(monkeypatch, switch):
    word = normalize("الساسة")
    monkeypatch.setattr(lemma_module, switch, False)
    monkeypatch.setattr(lemma_module, "_token_cache", {})
    assert stem(normalize("سائس")) not in lemmas_of_token(word)
