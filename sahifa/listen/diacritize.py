"""Diacritization (tashkeel) for the speech engine, one sentence per call,
with the two fixes eSpeak needs: shadda before the short vowel, and pausal
forms (no case ending) before punctuation."""

from __future__ import annotations

import re
import threading
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


@lru_cache(maxsize=4)
def _diacritizer(model: str):
    from text2tashkeel import Diacritizer

    return Diacritizer(model)


def diacritize(sentence: str, model: str = "rawi-ensemble") -> str:
    """The model's marks on `sentence` (no fixes)."""
    with _lock:
        return _diacritizer(model).diacritize(sentence)


def fix_shadda(text: str) -> str:
    """text2tashkeel writes vowel + shadda; eSpeak drops the vowel unless the
    shadda comes first."""
    return _VOWEL_THEN_SHADDA.sub(lambda m: SHADDA + m.group(1), text)


def pausal(text: str) -> str:
    """A reader stops on a sukun: drop case endings before a pause
    («الخامسِ.» → «الخامس.»), keep the alif of «رئيساً», and say ة as ه."""
    text = _FINAL_MARKS.sub(lambda m: m.group(1), text)
    return _FINAL_TA_MARBUTA.sub("ه", text)


def prepare(sentence: str, model: str = "rawi-ensemble") -> str:
    return pausal(fix_shadda(diacritize(sentence, model)))
