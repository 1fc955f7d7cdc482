"""Letters, digits, month names and proclitics: the tables the other apps share."""

import ast
import re
from pathlib import Path

import pytest

from sahifa.analysis import (
    ARTICLE_PREFIX,
    GREGORIAN_MONTHS,
    LEVANTINE_MONTHS,
    MONTH_NUMBERS,
    MONTH_PATTERN,
    RAW_WORD,
    normalize,
    proclitic_forms,
    split_article_prefix,
    strip_article,
    strip_diacritics,
    to_arabic_indic_digits,
    to_western_digits,
)


def test_digits_both_ways():
    assert to_western_digits("عام ٢٠٢٤ و۱۹۹۹ و2025") == "عام 2024 و1999 و2025"
    assert to_western_digits("بلا أرقام") == "بلا أرقام"
    assert to_arabic_indic_digits("25 أكتوبر 2024، 09:05") == "٢٥ أكتوبر ٢٠٢٤، ٠٩:٠٥"
    assert to_western_digits(to_arabic_indic_digits("0123456789")) == "0123456789"


def test_strip_diacritics_keeps_letters():
    assert strip_diacritics("مُحَمَّدٌ الاقتصـــادُ ﷺ") == "محمد الاقتصاد ﷺ"
    # Only marks go: hamza forms and ta marbuta are normalize's business.
    assert strip_diacritics("إِسْرَائِيلُ الحُكومةُ") == "إسرائيل الحكومة"
    assert normalize(strip_diacritics("إِسْرَائِيلُ")) == normalize("إِسْرَائِيلُ")


def test_raw_word_spans_the_marks_normalize_drops():
    assert RAW_WORD.findall("قالَ الحكومـةُ: «نعم»") == ["قالَ", "الحكومـةُ", "نعم"]


def test_month_tables():
    assert len(GREGORIAN_MONTHS) == len(LEVANTINE_MONTHS) == 12
    assert MONTH_NUMBERS["أكتوبر"] == MONTH_NUMBERS["تشرين الأول"] == 10
    assert MONTH_NUMBERS["يونيه"] == MONTH_NUMBERS["حزيران"] == 6
    assert MONTH_NUMBERS["كانون الثاني"] == 1 and MONTH_NUMBERS["كانون الأول"] == 12
    month = re.compile(f"(?:{MONTH_PATTERN})")
    assert all(month.fullmatch(name) for name in MONTH_NUMBERS)
    assert month.findall("من 5 تشرين الثاني إلى 3 إبريل") == ["تشرين الثاني", "إبريل"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("والحكومه", ("وال", "حكومه")),
        ("وبالقاهره", ("وبال", "قاهره")),
        ("للرئيس", ("لل", "رئيس")),
        ("فالقرار", ("فال", "قرار")),
        ("الي", ("", "الي")),  # two letters must remain
        ("حكومه", ("", "حكومه")),
        ("لحكومه", ("", "لحكومه")),  # no article: left to the stemmer
    ],
)
def test_split_article_prefix(token, expected):
    assert split_article_prefix(token) == expected
    assert bool(ARTICLE_PREFIX.match(token)) >= bool(expected[0])


def test_strip_article():
    assert strip_article("الانتخابات") == "انتخابات"
    assert strip_article("الي") == "الي"
    assert strip_article("والانتخابات") == "والانتخابات"  # clitics: proclitic_forms


@pytest.mark.parametrize(
    ("token", "bare"),
    [
        ("وللانتخابات", "انتخابات"),
        ("فالانتخابات", "انتخابات"),
        ("كالانتخابات", "انتخابات"),
        ("بالقاهره", "قاهره"),
        ("بمدينه", "مدينه"),
        ("لرامي", "رامي"),
        ("بorbitra", "orbitra"),
    ],
)
def test_proclitic_forms_reach_the_bare_word(token, bare):
    forms = proclitic_forms(token)
    assert token in forms and bare in forms


def test_proclitic_forms_keep_short_words():
    assert proclitic_forms("في") == {"في"}
    assert proclitic_forms("الي") == {"الي"}
    assert proclitic_forms("ولي") == {"ولي", "لي"}  # generous: ولي is also a word


def test_analysis_imports_nothing_from_the_project():
    # The bottom layer: core, search, related and listen import it, never
    # the other way round.
    package = Path(__file__).resolve().parent.parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(name.split(".")[0] == "sahifa" for name in names), path.name
