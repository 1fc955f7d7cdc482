"""Broken plurals, verbal nouns and foreign names with proclitics (issue 16):
a query in one form must share a term with an article written in another."""

import pytest

from sahifa.analysis import analyze, lemma_terms, lemmas_of_stem, stem


def joined(a: str, b: str) -> bool:
    """Whether the terms of `a` (stems and lemmas) meet those of `b`."""
    return bool(set(analyze(a) + lemma_terms(a)) & set(analyze(b) + lemma_terms(b)))


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("الضرائب", "ضريبة"),
        ("المطاحن", "مطحنة"),
        ("السدود", "السد"),
        ("الأندية", "نادي"),
        ("أسئلة", "سؤال"),
        ("القوافل", "قافلة"),
        ("الوسطاء", "وسيط"),
        ("أصدقائي", "صديق"),  # hamza on ي before a pronoun
        ("وزرائها", "الوزير"),
    ],
)
def test_broken_plurals_meet_their_singular(plural, singular):
    assert joined(plural, singular)


@pytest.mark.parametrize(
    ("verb", "masdar"),
    [
        ("ارتفعت", "ارتفاع"),  # Form VIII perfect
        ("يرتفع", "الارتفاع"),  # Form VIII imperfect
        ("يستقبل", "استقبال"),  # Form X
        ("استقبل", "الاستقبال"),
        ("انسحبت", "انسحاب"),  # Form VII
        ("يتراجع", "تراجع"),  # Form VI: the masdar is the perfect
        ("يشارك", "مشاركة"),  # Form III
        ("اتفقت", "الاتفاق"),  # Form VIII of an assimilated root
        ("نقترضه", "الاقتراض"),
        ("تكشف", "كشف"),  # Form I imperfect
        ("فازت", "الفوز"),  # hollow roots come from the lexicon
        ("يقيل", "إقالة"),
    ],
)
def test_conjugated_verbs_meet_their_masdar(verb, masdar):
    assert joined(verb, masdar)


@pytest.mark.parametrize(
    ("with_clitic", "bare"),
    [
        ("بستارلينك", "ستارلينك"),
        ("وبستارلينك", "ستارلينك"),
        ("لكوالكوم", "كوالكوم"),
        ("بنيروبي", "نيروبي"),
        ("كبيكاسو", "بيكاسو"),
        ("لترامب", "ترامب"),  # protected names keep working
    ],
)
def test_foreign_names_accept_proclitics(with_clitic, bare):
    assert joined(with_clitic, bare)
    assert joined(bare, with_clitic)


@pytest.mark.parametrize("word", ["بحث", "لجنة", "بطولة", "فريق", "كتاب"])
def test_short_native_words_are_not_cut_into_other_words(word):
    # Fewer than four letters after the clitic: no guess (بحث is not ب + حث).
    term = analyze(word)[0]
    assert stem(term[1:]) not in lemmas_of_stem(term)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("الرموز", "رمز"),  # فعول
        ("الزيوت", "زيت"),
        ("الهياكل", "هيكل"),  # فياعل
        ("طوابير", "طابور"),  # فواعيل
        ("للمواهب", "موهبة"),
        ("ثماره", "ثمرة"),  # فعال
        ("ظلال", "ظل"),  # فعال of a doubled root
        ("أرصدة", "رصيد"),  # أفعلة
        ("أشقائنا", "شقيق"),  # أفعلاء of a doubled root
    ],
)
def test_broken_plural_patterns_beyond_the_lexicon(plural, singular):
    assert joined(plural, singular)


@pytest.mark.parametrize(("singular", "other"), [("نقش", "نقاش"), ("حكم", "حكومة")])
def test_singulars_of_plural_shapes_are_not_read_as_plurals(singular, other):
    assert not joined(singular, other)


def test_unrelated_words_stay_apart():
    assert not joined("الحكومة", "الحكم")
    assert not joined("تحديث", "الأحداث")
    assert not joined("بطولة", "الطول")  # بطولة is not ب + طولة
