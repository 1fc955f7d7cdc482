"""Diacritization (tashkeel) for the speech engine, one sentence per call,
with the two fixes eSpeak needs: shadda before the short vowel, and pausal
forms (no case ending) before punctuation."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

from sahifa.analysis import SHADDA, SHORT_VOWELS, SUKUN, TANWEEN

# Short vowels, tanween and sukun: the marks that sit with a shadda and
# the case endings a pause drops.
_VOWELS = f"[{TANWEEN}{SHORT_VOWELS}{SUKUN}]"
_VOWEL_THEN_SHADDA = re.compile(f"({_VOWELS}){SHADDA}")
_PAUSE = r"(?=\s*(?:[.،,؛:!؟?]|$))"
_FINAL_MARKS = re.compile(f"{_VOWELS}+(ا?){_VOWELS}*" + _PAUSE)
_FINAL_TA_MARBUTA = re.compile("ة" + _PAUSE)
_lock = threading.Lock()

# Chosen by bench/listen_diacritization.py on 308 original news sentences:
# 7.9 % WER (4.3 % without case endings) against 8.1 % / 4.4 % for
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
    return pausal(fix_shadda(diacritize(sentence, model)))


# ── Case endings a model misses: rules of the governing word ────────────────
# A model reads the sentence left to right with a window of letters; the
# governing word two words back (a preposition, إنّ, لن) is often outside
# what it weighs. These rules only touch a definite noun or an imperfect verb
# right after its governor, and only its last mark.
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


def case_rules(text: str) -> str:
    """Case and mood endings fixed from the governing word before them."""
    tokens = _WORD.split(text)
    found = _WORD.findall(text)
    out = list(found)
    for i in range(1, len(found)):
        prev, word = _bare_governor(found[i - 1]), found[i]
        bare = _bare(word)
        after = _bare(found[i + 1]) if i + 1 < len(found) else ""
        if bare.endswith(_NO_SHORT_VOWEL) or bare in _RELATIVES or after in ("عشر", "عشرة"):
            continue  # no short-vowel ending, or a compound number built on fatha
        definite = bare.startswith("ال")
        if _bare(prev) in _GENITIVE_GOVERNORS and definite:
            out[i] = _set_last_vowel(word, _KASRA)
        elif prev in _ACCUSATIVE_GOVERNORS and definite and not bare.endswith("ات"):
            out[i] = _set_last_vowel(word, _FATHA)
        elif bare[:1] in "يتنأ" and not definite:
            if prev in _SUBJUNCTIVE_GOVERNORS and word.endswith(_DAMMA):
                out[i] = _set_last_vowel(word, _FATHA)
            elif prev in _JUSSIVE_GOVERNORS and word.endswith(_DAMMA):
                out[i] = word[:-1] + SUKUN
    return "".join(t + (out[k] if k < len(out) else "") for k, t in enumerate(tokens))


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
        return "".join(units[:stem_start]) + "".join(merged)

    return _WORD.sub(fix, text)
