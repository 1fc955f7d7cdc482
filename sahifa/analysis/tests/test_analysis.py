import time

import pytest

from sahifa.analysis import (
    STOPWORDS,
    analyze,
    autocomplete_terms,
    lemma_terms,
    normalize,
    stem,
    tokenize,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat
        ("الاقتصـــاد", "الاقتصاد"),  # tatweel
        ("إسرائيل أحمد آمال ٱلله", "اسرائيل احمد امال الله"),  # alef forms
        ("مصطفى", "مصطفي"),
        ("الحكومة", "الحكومه"),
        ("٢٠٢٤ و ۱۹۹۹", "2024 و 1999"),  # Arabic-Indic and Persian digits
        ("کتاب فارسی", "كتاب فارسي"),  # Persian look-alikes
        ("ہذہ", "هذه"),  # Urdu heh
        ("سلا\u200cم\u200f \u202bنص\u202c", "سلام نص"),  # zero-width, bidi controls
        ("OpenAI GPT", "openai gpt"),
        ("\ufefb", "لا"),  # presentation-form ligature
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected
    # Long texts take the replace-what-is-present path: the same folding.
    padding = " نص" * 30
    assert normalize(raw + padding) == expected + padding


def test_normalize_long_text_equals_character_by_character():
    from sahifa.analysis.normalize import _TABLE

    # Every folded character (but the BOM, which also triggers NFKC), apart.
    every = " ".join(chr(code) for code in _TABLE if code != 0xFEFF) + " ABC قال"
    assert len(every) > 64
    assert normalize(every) == every.translate(_TABLE).lower()


def test_tokenize_keeps_order_and_stopwords():
    assert tokenize("قال الوزيرُ، في بيانٍ: «الاقتصاد» 3.5%") == [
        "قال",
        "الوزير",
        "في",
        "بيان",
        "الاقتصاد",
        "3",
        "5",
    ]
    assert tokenize("") == []


@pytest.mark.parametrize(
    "forms",
    [
        # stacked clitics
        ["الحكومة", "حكومة", "والحكومة", "وبالحكومة", "فالحكومة", "للحكومة", "حكومتها", "الحكومات"],
        ["الرئيس", "للرئيس", "والرئيس", "بالرئيس", "رئيسها", "الرئيسان"],
        ["القرار", "فالقرار", "وللقرار", "قراراتها", "القرارات"],
        ["الصواريخ", "والصواريخ", "صواريخ"],
        # hamza and alef, ta marbuta
        ["الاقتصاد", "الإقتصاد", "والاقتصاد"],
        ["إسرائيل", "اسرائيل", "وإسرائيل"],
        # sound plurals, dual, nisba suffixes
        ["المعلم", "المعلمون", "المعلمين", "معلمان"],
        ["مصر", "المصري", "المصرية", "المصريين", "المصريون"],
        ["فلسطين", "الفلسطيني", "الفلسطينيون", "لفلسطين"],
        ["البرلمان", "البرلماني", "البرلمانية"],
        # accusative tanween alef, and country names whose nisba drops the alef
        ["رئيس", "رئيساً", "رئيسا"],
        ["روسيا", "الروسية", "الروسي", "وروسيا"],
        ["أمريكا", "الأمريكية", "الأمريكيين"],
        # native و is not the conjunction
        ["وزير", "الوزير", "والوزير", "ووزير"],
        ["وزارة", "الوزارة", "ووزارتها", "الوزارات"],
    ],
)
def test_stem_joins_forms(forms):
    stems = {stem(normalize(form)) for form in forms}
    assert len(stems) == 1, dict(zip(forms, [stem(normalize(f)) for f in forms], strict=True))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ترامب", "ترامب"),
        ("وترامب", "ترامب"),
        ("لترامب", "ترامب"),
        ("ماكرون", "ماكرون"),
        ("وماكرون", "ماكرون"),
        ("نتفليكس", "نتفليكس"),
        ("بوتين", "بوتين"),
        ("لبنان", "لبنان"),
        ("البحرين", "بحرين"),
        ("بيان", "بيان"),  # length guard: not بي+ان
        ("الدين", "دين"),
        ("بيوت", "بيوت"),
        ("2024", "2024"),
        ("gpt", "gpt"),
    ],
)
def test_stem_guards_and_protected_names(word, expected):
    assert stem(normalize(word)) == expected


def test_analyze_drops_stopwords_and_stems():
    assert analyze("قال وزيرُ الاقتصاد إنّ الحكومةَ في مصر") == [
        "قال",
        "وزير",
        "اقتصاد",
        "حكوم",
        "مصر",
    ]
    assert "من" in STOPWORDS and "علي" not in STOPWORDS  # علي is also a name


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("الوزراء", "الوزير"),
        ("الصواريخ", "صاروخ"),
        ("الأخبار", "خبر"),
        ("الأسعار", "السعر"),
        ("الشوارع", "شارع"),
        ("الرسائل", "رسالة"),
        ("الخبراء", "خبير"),
        ("الروسية", "روسيا"),
        ("الأمريكي", "أمريكا"),
        ("القتلى", "قتيل"),
    ],
)
def test_lemma_terms_join_broken_plurals_and_nisba(plural, singular):
    # Either the light stems already agree, or a lemma term joins them.
    assert set(analyze(plural) + lemma_terms(plural)) & set(analyze(singular))


def test_lemma_terms_only_add_terms_that_differ():
    assert lemma_terms("الحكومة مصر") == []
    assert "حكم" not in lemma_terms("الحكومة")


def test_autocomplete_terms_are_normalized_not_stemmed():
    assert autocomplete_terms("والحكومة الجديدة تُعلن") == [
        "والحكومه",
        "حكومه",
        "الجديده",
        "جديده",
        "تعلن",
    ]


def test_analyze_is_fast():
    text = "قال وزير الاقتصاد والتخطيط إن الحكومة المصرية ستطرح مشروعات جديدة للمستثمرين " * 2000
    tokens = len(text.split())
    analyze(text)
    start = time.perf_counter()
    analyze(text)
    rate = tokens / (time.perf_counter() - start)
    assert rate > 100_000  # ~1M tokens/s warm on the 2-core CI box; margin for load
