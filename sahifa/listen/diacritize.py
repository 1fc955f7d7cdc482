"""Diacritization (tashkeel) for the speech engine, one sentence per call,
with the two fixes eSpeak needs: shadda before the short vowel, and pausal
forms (no case ending) before punctuation."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

from sahifa.analysis import SHADDA, SHORT_VOWELS, SUKUN, TANWEEN

from .given_names import (
    APPOSITION_TITLES,
    COMPOUND_NAME_ENDS,
    OTHER_GIVEN_NAMES,
    TRIPTOTE_GIVEN_NAMES,
)

# Short vowels, tanween and sukun: the marks that sit with a shadda and
# the case endings a pause drops.
_VOWELS = f"[{TANWEEN}{SHORT_VOWELS}{SUKUN}]"
_VOWEL_THEN_SHADDA = re.compile(f"({_VOWELS}){SHADDA}")
_PAUSE = r"(?=\s*(?:[.،,؛:!؟?]|$))"
_FINAL_MARKS = re.compile(f"{_VOWELS}+(ا?){_VOWELS}*" + _PAUSE)
_FINAL_TA_MARBUTA = re.compile("ة" + _PAUSE)
_lock = threading.Lock()

# Chosen by bench/listen_diacritization.py on 308 original news sentences:
# 8.0 % WER (4.3 % without case endings) against 8.1 % / 4.4 % for
# rawi-ensemble, at twice its speed. Any other text2tashkeel model bundled in
# the wheel is accepted by name; `register()` plugs in another offline model.
DEFAULT_MODEL = "rawi-v3-int8"
_FACTORIES: dict[str, Callable[[], Callable[[str], str]]] = {}


def register(name: str, factory: Callable[[], Callable[[str], str]]) -> None:
    """Make `name` usable as SAHIFA_LISTEN_DIACRITIZER: `factory()` returns a
    function from an unmarked sentence to the marked sentence."""
    _FACTORIES[name] = factory
    _diacritizer.cache_clear()


@lru_cache(maxsize=4)
def _diacritizer(model: str) -> Callable[[str], str]:
    if model in _FACTORIES:
        return _FACTORIES[model]()
    from text2tashkeel import Diacritizer

    return Diacritizer(model).diacritize


def diacritize(sentence: str, model: str = DEFAULT_MODEL) -> str:
    """The model's marks on `sentence` (no fixes)."""
    with _lock:
        return _diacritizer(model)(sentence)


def fix_shadda(text: str) -> str:
    """text2tashkeel writes vowel + shadda; eSpeak drops the vowel unless the
    shadda comes first."""
    return _VOWEL_THEN_SHADDA.sub(lambda m: SHADDA + m.group(1), text)


def pausal(text: str) -> str:
    """A reader stops on a sukun: drop case endings before a pause
    («الخامسِ.» → «الخامس.»), keep the alif of «رئيساً», and say ة as ه."""
    text = _FINAL_MARKS.sub(lambda m: m.group(1), text)
    return _FINAL_TA_MARBUTA.sub("ه", text)


def prepare(sentence: str, model: str = DEFAULT_MODEL) -> str:
    """The model's marks, its case endings corrected by DEFAULT_CASE_RULES,
    then the fixes eSpeak needs."""
    return pausal(fix_shadda(case_rules(diacritize(sentence, model))))


# ── Case endings a model misses: rules of the words around them ──────────────
# A model reads a window of letters; the governing word (a preposition, إنّ,
# لن, a number, a title before a name) is often outside what it weighs. Each
# rule touches only the last mark of a word it can place without a parse.
_DAMMA, _FATHA, _KASRA = SHORT_VOWELS[1], SHORT_VOWELS[0], SHORT_VOWELS[2]
_MARK = f"[{TANWEEN}{SHORT_VOWELS}{SUKUN}{SHADDA}]"
_WORD = re.compile(f"[\u0621-\u064a{TANWEEN}{SHORT_VOWELS}{SUKUN}{SHADDA}\u0670]+")
_GENITIVE_GOVERNORS = {
    "في", "من", "إلى", "على", "عن", "حول", "خلال", "عند", "لدى", "مع", "بين", "نحو",
    "عبر", "وفي", "ومن", "وإلى", "وعلى", "وعن", "ومع",
}  # fmt: skip
_ACCUSATIVE_GOVERNORS = {"إنّ", "أنّ", "لكنّ", "وإنّ", "وأنّ", "ولكنّ", "بأنّ"}
_SUBJUNCTIVE_GOVERNORS = {"أن", "لن", "كي", "لكي", "وأن", "ولن"}
_JUSSIVE_GOVERNORS = {"لم", "ولم", "فلم"}
_RELATIVES = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي"}
# Endings whose case is not a short vowel (duals, sound plurals, ى/ا/ي).
_NO_SHORT_VOWEL = ("ان", "ين", "ون", "ى", "ا", "ي", "اء")


def _bare(word: str) -> str:
    return re.sub(_MARK, "", word)


def _bare_governor(word: str) -> str:
    """The governor as written, keeping the shadda that tells إنّ from إن."""
    return re.sub(f"[{TANWEEN}{SHORT_VOWELS}{SUKUN}\u0670]", "", word)


def _set_last_vowel(word: str, vowel: str) -> str:
    """Replace the last letter's short vowel (not tanween, kept as the model
    chose definiteness) by `vowel`; a shadda stays."""
    match = re.search(f"([\u0621-\u064a])({_MARK}*)$", word)
    if not match or re.search(f"[{TANWEEN}]", match.group(2)):
        return word
    shadda = SHADDA if SHADDA in match.group(2) else ""
    return word[: match.start(2)] + shadda + vowel


def _last_mark(word: str) -> str:
    """The marks on the last letter (tanween, vowel, sukun, shadda)."""
    match = re.search(f"{_MARK}*$", word)
    return match.group(0) if match else ""


def _skip(words: list[str], i: int) -> bool:
    """No short-vowel ending, a relative, or a compound number built on fatha."""
    bare = _bare(words[i])
    after = _bare(words[i + 1]) if i + 1 < len(words) else ""
    return bare.endswith(_NO_SHORT_VOWEL) or bare in _RELATIVES or after in ("عشر", "عشرة")


def genitive_after_preposition(words: list[str]) -> list[str]:
    """في الأسبوعِ: a definite noun right after a preposition."""
    out = list(words)
    for i in range(1, len(words)):
        definite = _bare(words[i]).startswith("ال")
        if definite and not _skip(words, i) and _bare(words[i - 1]) in _GENITIVE_GOVERNORS:
            out[i] = _set_last_vowel(words[i], _KASRA)
    return out


def accusative_after_inna(words: list[str]) -> list[str]:
    """إنّ الحكومةَ: the definite noun right after إنّ and its sisters."""
    out = list(words)
    for i in range(1, len(words)):
        bare = _bare(words[i])
        if _skip(words, i) or not bare.startswith("ال") or bare.endswith(("ات", "آت")):
            continue
        if _bare_governor(words[i - 1]) in _ACCUSATIVE_GOVERNORS:
            out[i] = _set_last_vowel(words[i], _FATHA)
    return out


def _mood(governors: set[str], ending: str):
    def rule(words: list[str]) -> list[str]:
        out = list(words)
        for i in range(1, len(words)):
            word, bare = words[i], _bare(words[i])
            if _skip(words, i) or bare[:1] not in "يتنأ" or bare.startswith("ال"):
                continue
            if _bare_governor(words[i - 1]) in governors and word.endswith(_DAMMA):
                out[i] = word[:-1] + ending
        return out

    return rule


# لن يكتبَ، لم يكتبْ: an imperfect verb right after its particle.
subjunctive_after_an = _mood(_SUBJUNCTIVE_GOVERNORS, _FATHA)
jussive_after_lam = _mood(_JUSSIVE_GOVERNORS, SUKUN)


# Words that only ever head a construct: the definite noun after them is
# genitive («بعد القرارِ», «كل الدولِ»).
_CONSTRUCT_HEADS = {
    "بعد", "قبل", "أمام", "خلف", "وراء", "فوق", "تحت", "دون", "مثل", "غير", "كل", "بعض",
    "جميع", "معظم", "أغلب", "وسط", "بسبب", "ضمن", "عقب", "إثر", "حسب", "بحسب", "وفق",
    "طوال", "طيلة", "رغم", "بفضل", "لصالح", "مقابل", "قرب", "لدى", "ذوي", "أبرز", "أهم",
}  # fmt: skip


def genitive_in_construct(words: list[str]) -> list[str]:
    """وزارةُ الصحةِ، بعدَ القرارِ: a definite noun after a noun in
    construct. The head is known to be a noun without a parse when it ends in
    ة with no tanween and no article, or is a word that only heads a construct."""
    out = list(words)
    for i in range(1, len(words)):
        head, bare = words[i - 1], _bare(words[i])
        head_bare = _bare(head)
        if _skip(words, i) or not bare.startswith("ال"):
            continue
        plain_head = re.sub("^[وف]", "", head_bare)
        noun_in_construct = (
            head_bare.endswith("ة")
            and not head_bare.startswith(("ال", "وال", "بال", "فال", "لل", "كال"))
            and not re.search(f"[{TANWEEN}]", _last_mark(head))
        )
        if noun_in_construct or plain_head in _CONSTRUCT_HEADS:
            out[i] = _set_last_vowel(words[i], _KASRA)
    return out


def construct_head_without_tanween(words: list[str]) -> list[str]:
    """لصالحِ المشروع، بعدَ ساعات: a word that only heads a construct never
    takes tanween when a word follows it."""
    out = list(words)
    untanween = dict(zip(TANWEEN, (_FATHA, _DAMMA, _KASRA), strict=True))
    for i in range(len(words) - 1):
        word = words[i]
        if re.sub("^[وف]", "", _bare(word)) in _CONSTRUCT_HEADS and word[-1:] in untanween:
            out[i] = word[:-1] + untanween[word[-1]]
    return out


def helping_vowel(words: list[str]) -> list[str]:
    """A final sukun meets hamzat al-wasl: مِنَ الـ، مِنِ اثنين، أَنِ اجتازوا،
    قالتِ الشرطة. The next word starts with an alif the model left unmarked."""
    out = list(words)
    for i in range(len(words) - 1):
        word, nxt = words[i], words[i + 1]
        if not re.match(f"ا[^{TANWEEN}{SHORT_VOWELS}{SUKUN}{SHADDA}]", nxt):
            continue
        bare = _bare(word)
        if bare in ("من", "ومن", "فمن"):
            vowel = _FATHA if _bare(nxt).startswith("ال") else _KASRA
            out[i] = re.sub(f"{_MARK}*$", vowel, word, count=1)
        elif word.endswith(SUKUN):
            vowel = _DAMMA if bare.endswith(("هم", "كم", "تم")) and len(bare) > 2 else _KASRA
            out[i] = word[:-1] + vowel
    return out


# After a number from three to ten or a hundred, ألف/مليون/مليار are
# genitive, and in construct with the counted noun: «سبعمئة مليونِ دولارٍ»,
# «أربعة ملايينِ زائرٍ» (ملايين, a diptote, takes kasra as a construct head).
_NUMBER_HEADS = {
    "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "بضعة", "مئة",
    "مائة", "مئتي", "مائتي",
}  # fmt: skip
_THOUSANDS = {"ألف", "آلاف", "مليون", "ملايين", "مليار", "مليارات"}


def thousands_in_construct(words: list[str]) -> list[str]:
    out = list(words)
    for i in range(1, len(words) - 1):
        head = re.sub("^و", "", _bare(words[i - 1]))
        nxt = _bare(words[i + 1])
        if _bare(words[i]) not in _THOUSANDS:
            continue
        if not (head in _NUMBER_HEADS or head.endswith(("مئة", "مائة"))):
            continue
        if nxt.startswith(("ال", "و")) or nxt in _THOUSANDS or nxt in _GENITIVE_GOVERNORS:
            continue
        shadda = SHADDA if SHADDA in _last_mark(words[i]) else ""
        out[i] = re.sub(f"{_MARK}*$", shadda + _KASRA, words[i], count=1)
    return out


def _title_case(word: str) -> str:
    """The case vowel of a title the next name stands in apposition to
    («الدكتورِ», «للمخرجِ» → kasra), or "" for any other word."""
    bare = re.sub("^[وف]", "", _bare(word))
    genitive = bare.startswith(("لل", "بال", "كال"))
    core = "ال" + bare[2:] if bare.startswith("لل") else re.sub("^[بك](?=ال)", "", bare)
    if core not in APPOSITION_TITLES:
        return ""
    if genitive:
        return _KASRA
    last = _last_mark(word)
    return next((v for v in (_DAMMA, _KASRA, _FATHA) if v in last), "")


def given_name_and_family_name(words: list[str]) -> list[str]:
    """A given name then a family name with the article, after a title
    («وزير الصحة عادلٌ النجارُ»): an apposition, not a construct. Both take
    the title's case when the name stands in apposition to it («عن الدكتورِ
    سميرٍ العطارِ»), else the case the model gave the given name; a
    declinable masculine given name takes tanween. The title before it (a
    definite word) keeps «رائد الفضاء» or «جمال الطبيعة» out."""
    out = list(words)
    for i in range(1, len(words) - 1):
        name, family, title = words[i], words[i + 1], _bare(words[i - 1])
        bare, family_bare = _bare(name), _bare(family)
        # A name after «ل» is left alone: «لصالح المشروع» is not a person.
        titled = title.startswith(("ال", "وال", "لل"))
        if not titled or not family_bare.startswith("ال") or family_bare in COMPOUND_NAME_ENDS:
            continue
        if family_bare.endswith(_NO_SHORT_VOWEL[:4]) or family_bare in _RELATIVES:
            continue
        last = _last_mark(name)
        # The title's case when the name is in apposition to it, else the
        # model's own reading of the name.
        vowel = _title_case(words[i - 1])
        if bare in TRIPTOTE_GIVEN_NAMES and (bare != "علي" or SHADDA in last):
            own = next((v for v in (_DAMMA, _KASRA) if v in last), "")
            own = own or {"\u064c": _DAMMA, "\u064d": _KASRA}.get(last[-1:], "")
            vowel = vowel or own
            if vowel not in (_DAMMA, _KASRA):
                continue  # an accusative name would need the alif of tanween
            tanween = "\u064c" if vowel == _DAMMA else "\u064d"
            out[i] = re.sub(f"{_MARK}*$", tanween, name, count=1)
        elif bare in OTHER_GIVEN_NAMES:
            # No tanween shows; a diptote's own fatha is accusative or
            # genitive, so only a damma or the title's case is trusted.
            vowel = vowel or (_DAMMA if _DAMMA in last else "")
            if vowel not in (_DAMMA, _KASRA):
                continue
        else:
            continue
        out[i + 1] = _set_last_vowel(family, vowel)
    return out


CASE_RULES = {
    "genitive_after_preposition": genitive_after_preposition,
    "accusative_after_inna": accusative_after_inna,
    "subjunctive_after_an": subjunctive_after_an,
    "jussive_after_lam": jussive_after_lam,
    "genitive_in_construct": genitive_in_construct,
    "construct_head_without_tanween": construct_head_without_tanween,
    "helping_vowel": helping_vowel,
    "thousands_in_construct": thousands_in_construct,
    "given_name_and_family_name": given_name_and_family_name,
}
# Each rule alone was measured with rawi-v3-int8 on the evaluation set
# (bench/listen_diacritization.py, table in docs/listen.md). Kept: those that
# lowered WER and raised it on neither half. The rest change nothing there
# (the model already gets them right) or, for إنّ, one word for the worse.
DEFAULT_CASE_RULES = ("helping_vowel", "thousands_in_construct", "given_name_and_family_name")


def case_rules(text: str, rules: tuple[str, ...] = DEFAULT_CASE_RULES) -> str:
    """Case and mood endings fixed from the words around them, by the named
    rules in order."""
    tokens = _WORD.split(text)
    words = _WORD.findall(text)
    for name in rules:
        words = CASE_RULES[name](words)
    return "".join(t + (words[k] if k < len(words) else "") for k, t in enumerate(tokens))


# ── Newsroom lexicon: the stem is the newsroom's, the ending the grammar's ──
_PROCLITICS = re.compile("^(و?[بلك]?|ف?[بلك]?)(ال)?")


def apply_lexicon(text: str, entries: dict[str, str]) -> str:
    """Words found in `entries` (unmarked written form → marked spoken form)
    take the entry's marks on every letter but the last, whose case ending
    stays the model's unless the entry marks it itself (an indeclinable
    «مَايُو»). Proclitics (و ف ب ل ك and the article) keep the model's marks."""
    if not entries:
        return text

    def fix(match: re.Match) -> str:
        word = match.group(0)
        bare = _bare(word)
        if bare in entries:
            stem_start = 0
        else:
            pre = _PROCLITICS.match(bare)
            rest = bare[pre.end() :] if pre else bare
            if not pre or not pre.group(0) or rest not in entries:
                return word
            bare, stem_start = rest, pre.end()
        entry = entries[bare]
        units = re.findall(f"[\u0621-\u064a]{_MARK}*", word)
        lex = re.findall(f"[\u0621-\u064a]{_MARK}*", entry)
        stem = units[stem_start:]
        if len(lex) != len(stem):
            return word
        # A final long vowel («مَايُو», «سَامِي») or a marked last letter: the
        # entry spells the whole word.
        last_marked = bool(re.search(_VOWELS, lex[-1])) or lex[-1] in "اويى"
        if last_marked:
            merged = lex
        elif SHADDA in lex[-1]:  # «عَلِيّ»: the newsroom's shadda, the model's vowel
            merged = lex[:-1] + [lex[-1] + re.sub(f"[{SHADDA}]", "", stem[-1][1:])]
        else:
            merged = lex[:-1] + stem[-1:]
        # Letters the entry leaves unmarked at its start are the clitics the
        # listen lexicon keeps as written («وأُورُوبَّا»): the model's vowel.
        lead = 0
        while lead < len(lex) - 1 and lex[lead][0] in "وفبلك" and len(lex[lead]) == 1:
            lead += 1
        merged = stem[:lead] + merged[lead:]
        return "".join(units[:stem_start]) + "".join(merged)

    return _WORD.sub(fix, text)
