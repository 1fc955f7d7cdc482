"""Broken plurals beyond the hand lexicon: Arramooz's plural pairs and the
root-pattern rules, which count only guesses that are attested singulars."""

import pytest

from sahifa.analysis import analyze, lemma, lemma_terms, stem
from sahifa.analysis.lemma import _LEXICON, _read, attested_singulars, lemmas_of_stem
from sahifa.analysis.lexicon import BROKEN_PLURALS, PROTECTED


def joined(a: str, b: str) -> bool:
    return bool(set(analyze(a) + lemma_terms(a)) & set(analyze(b) + lemma_terms(b)))


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("المنافذ", "منفذ"),  # Arramooz pair, مفاعل
        ("الأساطيل", "أسطول"),  # أفاعيل
        ("دهاليز", "دهليز"),  # فعاليل
        ("الأمتار", "متر"),  # أفعال rule, the singular attested
        ("أرصدة", "رصيد"),  # أفعلة
        ("مخالب", "مخلب"),
        ("وبالمناجم", "المنجم"),  # clitics on the plural
    ],
)
def test_unlisted_plurals_meet_their_singular(plural, singular):
    assert plural.replace("ال", "") not in BROKEN_PLURALS
    assert joined(plural, singular)


@pytest.mark.parametrize(
    ("word", "singular"),
    [("مناجم", "منجم"), ("مخالب", "مخلب"), ("اساطيل", "اسطول"), ("دهاليز", "دهليز")],
)
def test_quadriliteral_rule_guesses_attested_singulars(word, singular):
    assert singular in attested_singulars(word)


@pytest.mark.parametrize(
    "word",
    [
        "مقابل",  # Form III participles and singulars of the مفاعل shape
        "مساعد",
        "مشارك",
        "تحاول",  # Form III imperfects
        "تطالب",
        "نتابع",
        "زلاقط",  # the shape, but no attested singular زلقط
    ],
)
def test_quadriliteral_rule_leaves_singulars_and_verbs(word):
    assert attested_singulars(word) == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("مقابل", "المقبل"),  # in exchange for / next
        ("تحاول", "التحول"),  # she tries / transformation
        ("تطالب", "الطلب"),
        ("خفض", "خافض"),  # a verb, though Arramooz lists خفضة as a plural
        ("أنقرة", "نقير"),  # a name: Arramooz's plural أنقرة is not read
        ("بوتين", "التين"),  # a protected name takes no clitic off
    ],
)
def test_lookalikes_do_not_conflate(a, b):
    assert not joined(a, b)


def test_arabic_word_that_is_a_name_keeps_its_lemma():
    assert lemmas_of_stem(stem("صلاح")) == ("صلح",)


def test_data_pairs_are_light_stem_safe():
    """No listed plural has a stem shorter than three letters or that is also
    a singular's (scripts/derive_plurals.py); the loader skips names, and a
    three-letter stem also keeps the rules' guesses (lemma._SHORT)."""
    lemma._load_data()  # the lists are read on first use: not yet, run alone
    singulars = {stem(word) for (word,) in _read("singulars.txt")}
    pairs = _read("plurals.txt")
    assert len(pairs) > 3000
    taken = [stem(plural) for plural, _ in pairs if stem(plural) in _LEXICON]
    assert len(taken) > 2000
    hand = {stem(word) for word in BROKEN_PLURALS}
    for plural, _ in pairs:
        key = stem(plural)
        assert len(key) >= 3, plural
        if len(key) == 3 and key in _LEXICON and key not in hand:
            assert key in lemma._SHORT, plural
        assert key not in singulars, plural
        if key in PROTECTED:
            assert key not in _LEXICON, plural
