"""Arabic number words as a careful newsreader says them.

Cases are reduced to what changes the letters of an unvowelled number word:
nominative (عشرون، اثنان، مئتان) against oblique, i.e. accusative or genitive
(عشرين، اثنين، مئتين). Gender is that of the counted noun: 3–10 take the
opposite gender (ثلاثة أعوام، ثلاث سنوات)."""

from __future__ import annotations

NOM = "nom"
OBL = "obl"

_UNITS_M = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
_UNITS_F = ["", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر"]
_TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUNDREDS = [
    "", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة",
]  # fmt: skip

# (singular, dual nominative, plural for 3–10, accusative singular for 11–99)
SCALES = {
    1_000: ("ألف", "ألفان", "آلاف", "ألفاً"),
    1_000_000: ("مليون", "مليونان", "ملايين", "مليوناً"),
    1_000_000_000: ("مليار", "ملياران", "مليارات", "ملياراً"),
    1_000_000_000_000: ("تريليون", "تريليونان", "تريليونات", "تريليوناً"),
}
SCALE_WORDS = {
    "ألف": 1_000, "آلاف": 1_000, "الف": 1_000,
    "مليون": 1_000_000, "ملايين": 1_000_000, "مليونا": 1_000_000,
    "مليار": 1_000_000_000, "مليارات": 1_000_000_000, "بليون": 1_000_000_000,
    "تريليون": 1_000_000_000_000, "تريليونات": 1_000_000_000_000,
}  # fmt: skip


def _oblique(word: str) -> str:
    """عشرون → عشرين, اثنان → اثنين, مئتان → مئتين, ألفان → ألفين."""
    if word.endswith("ون"):
        return word[:-2] + "ين"
    if word.endswith("تان") or word.endswith("ان"):
        return word[:-2] + "ين"
    if word in ("اثنا", "اثنتا", "مئتا", "ألفا"):
        return word[:-1] + "ي"
    return word


def _case(word: str, case: str) -> str:
    return _oblique(word) if case == OBL else word


def below_hundred(n: int, case: str = NOM, feminine: bool = False) -> str:
    """1–99. `feminine`: the counted noun is feminine."""
    # 3–10 take the opposite gender of the counted noun: the masculine-noun
    # table has the ة forms (ثلاثة أعوام), the feminine one does not (ثلاث سنوات).
    polar = _UNITS_F if feminine else _UNITS_M
    if n <= 10:
        return _case(polar[n], case)
    if n == 11:
        return "إحدى عشرة" if feminine else "أحد عشر"
    if n == 12:
        return _case("اثنتا", case) + " عشرة" if feminine else _case("اثنا", case) + " عشر"
    if n < 20:
        return f"{polar[n - 10]} {'عشرة' if feminine else 'عشر'}"
    tens, unit = divmod(n, 10)
    ten_word = _case(_TENS[tens], case)
    if unit == 0:
        return ten_word
    if unit == 1:
        unit_word = "إحدى" if feminine else "واحد"
    elif unit == 2:
        unit_word = _case("اثنتان" if feminine else "اثنان", case)
    else:
        unit_word = polar[unit]
    return f"{unit_word} و{ten_word}"


def below_thousand(n: int, case: str = NOM, feminine: bool = False, construct: bool = False) -> str:
    """1–999. `construct`: a noun follows directly (مئتا شخص, not مئتان)."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        word = _HUNDREDS[hundreds]
        if hundreds == 2 and construct and not rest:
            word = "مئتا"
        parts.append(_case(word, case))
    if rest:
        parts.append(below_hundred(rest, case, feminine))
    return " و".join(parts)


def _scale_group(g: int, scale: int, case: str, last: bool, noun_follows: bool) -> str:
    single, dual, plural, accusative = SCALES[scale]
    hundreds, rest = divmod(g, 100)
    head = _case(_HUNDREDS[hundreds], case) if hundreds else ""
    if rest == 0:
        if hundreds == 2:
            head = _case("مئتا", case)  # in construct with the scale word
        return f"{head} {single}".strip()
    if rest == 1:
        tail = single
    elif rest == 2:
        # ألفان / ألفين; in construct with a following noun ألفا / ألفي.
        tail = _case(dual, case)
        if last and noun_follows:
            tail = tail[:-1]
    elif rest <= 10:
        tail = f"{below_hundred(rest, case)} {plural}"
    else:
        word = single if last and noun_follows else accusative
        tail = f"{below_hundred(rest, case)} {word}"
    return f"{head} و{tail}" if head else tail


def cardinal(n: int, case: str = NOM, feminine: bool = False, noun_follows: bool = False) -> str:
    """Any non-negative integer in words. `noun_follows`: the counted noun
    comes right after the number (ألف سيارة, not ألفاً)."""
    if n == 0:
        return "صفر"
    if n >= 10**15:
        return " ".join(digit_names(str(n)))
    groups = []
    remaining = n
    for scale in sorted(SCALES, reverse=True):
        g, remaining = divmod(remaining, scale)
        if g:
            groups.append((g, scale))
    parts = []
    for index, (g, scale) in enumerate(groups):
        last = index == len(groups) - 1 and remaining == 0
        parts.append(_scale_group(g, scale, case, last, noun_follows))
    if remaining:
        parts.append(below_thousand(remaining, case, feminine, construct=noun_follows))
    return " و".join(parts)


_ORD_M = [
    "", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
    "التاسع", "العاشر",
]  # fmt: skip
_ORD_F = [
    "", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
    "التاسعة", "العاشرة",
]  # fmt: skip


def ordinal(n: int, case: str = NOM, feminine: bool = False) -> str:
    """الأول … التاسع والتسعون (definite, as in dates and «الدورة الـ33»)."""
    table = _ORD_F if feminine else _ORD_M
    if n <= 10:
        return table[n]
    if n < 20:
        unit = ("الحادية" if feminine else "الحادي") if n == 11 else table[n - 10]
        return f"{unit} {'عشرة' if feminine else 'عشر'}"
    if n < 100:
        tens, unit = divmod(n, 10)
        ten_word = "ال" + _case(_TENS[tens], case)
        if unit == 0:
            return ten_word
        unit_word = ("الحادية" if feminine else "الحادي") if unit == 1 else table[unit]
        return f"{unit_word} و{ten_word}"
    return "ال" + cardinal(n, case, feminine)


HOURS_F = [
    "الثانية عشرة", "الواحدة", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة",
    "السابعة", "الثامنة", "التاسعة", "العاشرة", "الحادية عشرة", "الثانية عشرة",
]  # fmt: skip

_DIGIT_NAMES = ["صفر", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]


def digit_names(digits: str) -> list[str]:
    return [_DIGIT_NAMES[int(d)] for d in digits if d.isdigit()]


def counted_form(n: int, forms: tuple[str, str, str, str]) -> str:
    """The counted noun after n: (singular, dual, plural 3–10, accusative
    singular 11–99). 100s, 1000s … take the genitive singular."""
    singular, dual, plural, accusative = forms
    rest = n % 100
    if n == 1:
        return singular
    if n == 2:
        return dual
    if 3 <= rest <= 10 and n < 100:
        return plural
    if 11 <= rest <= 99:
        return accusative
    if 3 <= rest <= 10:
        return plural
    return singular
