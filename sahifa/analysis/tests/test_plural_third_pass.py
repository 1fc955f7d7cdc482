"""Broken plurals, third pass (issue 16): each case fails without its rule."""

import pytest

from sahifa.analysis import analyze, lemma_terms, stem
from sahifa.analysis.lemma import attested_singulars
from sahifa.analysis.lexicon import BROKEN_PLURALS, FORM_III_PARTICIPLES


def joined(a: str, b: str) -> bool:
    """Whether the terms of `a` (stems and lemmas) meet those of `b`."""
    return bool(set(analyze(a) + lemma_terms(a)) & set(analyze(b) + lemma_terms(b)))


def unlisted(plural: str) -> None:
    """The pair must come from a rule, not the hand lexicon."""
    assert plural.removeprefix("ال") not in BROKEN_PLURALS


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("الحراس", "حارس"), ("الحكام", "الحاكم")],
)
def test_fuaal_plural_of_faail(plural, singular):
    # فُعّال is the plural of فاعل: the rule guesses both فعل and فاعل.
    unlisted(plural)
    assert joined(plural, singular)


@pytest.mark.parametrize(("plural", "singular"), [("الزبائن", "زبون"), ("العجائز", "عجوز")])
def test_faaail_plural_of_fauul(plural, singular):
    unlisted(plural)
    assert joined(plural, singular)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("المطالب", "مطلب"), ("مزارعهم", "المزرعة"), ("المرافق", "مرفق"), ("مبالغ", "مبلغ")],
)
def test_mafaail_that_is_also_a_participle(plural, singular):
    # مطالب is also the participle مُطالِب (an attested singular): the مفعل
    # noun of the same root is still its singular.
    unlisted(plural)
    assert joined(plural, singular)


def test_frequent_form_iii_participles_stay_singular():
    for word in FORM_III_PARTICIPLES:
        assert attested_singulars(word) == (), word
    assert not joined("مقابل", "المقبل")


@pytest.mark.parametrize(("plural", "singular"), [("المناشئ", "منشأ"), ("مناشئها", "المنشأ")])
def test_hamza_final_singulars(plural, singular):
    # The guess ends in ء (مرفء); the singular is indexed with ا (مرفا → مرف).
    unlisted(plural)
    assert joined(plural, singular)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("لسلاسل", "سلسلة"), ("بمحاليل", "محلول"), ("بمبادئ", "مبدأ")],
)
def test_plural_with_a_preposition_reaches_its_singular(plural, singular):
    assert joined(plural, singular)


def test_clitic_cut_that_leaves_a_fragment_adds_no_lemmas():
    # فواتير → واتير → اتير: the bare form is a fragment, not a word.
    assert lemma_terms("فواتير") == ["اتير"]


@pytest.mark.parametrize(("plural", "singular"), [("الأذهان", "ذهن"), ("أثمانها", "الثمن")])
def test_afaal_plural_of_a_nun_final_root_keeps_its_nun(plural, singular):
    assert stem("الاذهان") == "اذهان"  # not اذه + the dual ان
    assert joined(plural, singular)


def test_dual_still_stripped():
    assert stem("الاسدان") == "اسد"


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("التذاكر", "تذكرة"), ("المواعيد", "الموعد"), ("المشاعر", "شعور"), ("الهدايا", "هدية")],
)
def test_third_pass_lexicon(plural, singular):
    assert joined(plural, singular)
