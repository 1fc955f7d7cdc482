"""Broken plurals, fourth pass (issue 16): weak and doubled roots, short
sound plurals, Arramooz's three-letter plurals. Each case fails without its
rule; none of these words is in the hand lexicon."""

import pytest

from sahifa.analysis import analyze, lemma_terms, stem
from sahifa.analysis.lemma import attested_singulars, lemmas_of_stem
from sahifa.analysis.lexicon import BROKEN_PLURALS


def joined(a: str, b: str) -> bool:
    """Whether the terms of `a` (stems and lemmas) meet those of `b`."""
    return bool(set(analyze(a) + lemma_terms(a)) & set(analyze(b) + lemma_terms(b)))


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("النواحي", "ناحية"),  # فواعٍ: the stemmer cuts the final ي (نواح)
        ("السلال", "سلة"),  # فِعال of a doubled root, singular with ة
        ("الحجج", "حجة"),  # فِعَل of a doubled root
        ("المدد", "مدة"),
        ("الأردية", "رداء"),  # weak أفعلة: the stemmer leaves three letters (ارد)
        ("الآيات", "آية"),  # ات kept on a two-letter base
        ("الصلوات", "صلاة"),  # صلو (ات cut) against صلا (ة cut)
        ("السجود", "ساجد"),  # فعول is also the plural of فاعل
        ("الفئران", "فأر"),  # Arramooz pair with a three-letter stem
    ],
)
def test_fourth_pass_joins(plural, singular):
    assert plural.removeprefix("ال") not in BROKEN_PLURALS
    assert joined(plural, singular)


@pytest.mark.parametrize(
    ("word", "not_joined"),
    [
        ("عدد", "عدة"),  # «number» is not the plural of عدة (lexicon.DOUBLED_NOT_PLURALS)
        (
            "الأثر",
            "ثأر",
        ),  # a three-letter word of its own, not a cut أفعلة (lexicon.ALEF_NOT_PLURALS)
        ("السيارات", "سور"),  # فِيعال is left alone: سيارة، قياس، رياضة are singulars
        ("قياسي", "قوس"),
        ("على", "علا"),  # the weak sound-plural rule is for و only
        ("أعلى", "علو"),  # an elative, not a cut أفعلة (lexicon.ALEF_NOT_PLURALS)
    ],
)
def test_fourth_pass_leaves_alone(word, not_joined):
    assert not joined(word, not_joined)


def test_guesses_must_be_attested():
    # سواعد → ساعد (attested); a made-up فواعٍ shape guesses nothing.
    assert attested_singulars("سواعد") == ("ساعد",)
    assert attested_singulars("ثواخ") == ()


def test_short_arramooz_stem_keeps_the_rules_guesses():
    # Arramooz gives فئران → فأر; the three-letter stem also keeps rule
    # guesses (none here), and the pair itself is used.
    assert "فار" in lemmas_of_stem(stem("الفئران"))
