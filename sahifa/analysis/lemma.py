"""Beyond light stemming: broken plurals and nisba adjectives.

Light stems cannot join الوزراء and الوزير, or الروسية and روسيا. These
lemma terms do, from a lexicon first and from root-pattern rules second.
They go into a separate, lower-weighted index field, so a wrong guess costs
a little ranking, never a lost match.

Three sources, in order: the hand lexicon (lexicon.py), the plural pairs of
Arramooz (data/plurals.txt), then root-pattern rules whose guesses count
only when Arramooz or the hand lexicon knows them as a singular
(data/singulars.txt): a plural shape alone (مقابل، نقاش) is not enough.
lemmas_of_token() also reads the word as written, before stemming, in a
third Arramooz list (data/whole.txt): الفرسان → فارس where the stem فرس
is a horse. AlKhalil Morpho Sys 2's plurals that Arramooz does not list
(data/alkhalil.txt, data/alkhalil_whole.txt: فواتير → فاتورة) are read the
same way, under the same guards.
"""

from pathlib import Path

from .clitics import CLITIC_LETTERS, split_article_prefix
from .lexicon import (
    ALEF_NOT_PLURALS,
    BROKEN_PLURALS,
    DERIVATIONS,
    DOUBLED_NOT_PLURALS,
    FORM_III_PARTICIPLES,
    NISBA,
    PROTECTED,
)
from .stemmer import PRONOUN_SUFFIXES, stem

# stem of the plural/adjective → stem(s) of the singular/base
_LEXICON: dict[str, tuple[str, ...]] = {}


def _add(form: str, base: str) -> None:
    key, value = stem(form), stem(base)
    if key != value and value not in _LEXICON.get(key, ()):
        _LEXICON[key] = (*_LEXICON.get(key, ()), value)


for _plural, _singular in BROKEN_PLURALS.items():
    _add(_plural, _singular)
for _adjective, _base in NISBA.items():
    _add(_adjective, _base)
for _verb, _masdar in DERIVATIONS.items():
    _add(_verb, _masdar)

_DATA = Path(__file__).with_name("data")
# Stems of attested singulars; None until first use (stemming the two
# lists, 25,000 words, takes about 0.3 s: not at every import).
_attested: frozenset[str] | None = None
# Three-letter stems of Arramooz plurals (فئران → فئر، أقبية → اقب): a short
# stem says less about its word, so the rules' guesses are added to the
# list's singular rather than replaced by it (اقب → قباء, and قبو).
_SHORT: set[str] = set()
# Stems keyed by AlKhalil's pairs only (data/alkhalil.txt): the rules'
# guesses stay next to its singular, which is at times the rarer one
# (أحزمة → حزيم, where the rules give حزام).
_SECOND: set[str] = set()
# Arramooz plurals read as whole words (data/whole.txt): the stemmer cuts
# a suffix their pattern owns (فرسان → فرس, a horse; نيران → نير), so the
# pair is looked up on the word before stemming (lemmas_of_token).
_WHOLE: dict[str, tuple[str, ...]] = {}
# Rule switches, for measuring one rule at a time (bench/search_relevance).
WHOLE_WORD = True
WHOLE_WORD_TA = True
# AlKhalil's pairs (data/alkhalil*.txt), read at the first look-up.
ALKHALIL = True


def _read(name: str) -> list[list[str]]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.split() for line in text.splitlines() if line and not line.startswith("#")]


def _load_data() -> frozenset[str]:
    """Add Arramooz's plural pairs (the hand lexicon wins) and return the
    attested singular stems."""
    global _attested
    singulars = {stem(word) for (word,) in _read("singulars.txt")}
    hand = set(_LEXICON)
    arramooz = {stem(plural) for plural, _ in _read("plurals.txt")}
    by_stem, whole = _read("plurals.txt"), _read("whole.txt")
    if ALKHALIL:
        by_stem += _read("alkhalil.txt")
        whole += _read("alkhalil_whole.txt")
    for plural, singular in by_stem:
        key = stem(plural)
        # A stem that is also a singular's (تجار، سكان) or a name's (أنقرة)
        # stays itself.
        if key not in hand and key not in singulars and key not in PROTECTED:
            _add(plural, singular)
            if len(key) == 3:
                _SHORT.add(key)
            if key not in arramooz:
                _SECOND.add(key)
    for plural, singular in whole:
        # و at the start is mostly the conjunction (وفقر is not a plural);
        # a name (أنقرة) stays itself.
        if plural[0] == "و" or plural in PROTECTED or stem(plural) in PROTECTED:
            continue
        # A final ه is also a pronoun on a verb or noun (بحثه، أهله، وضعه):
        # only فُعَلة of a hollow or weak فاعل is read (باعة → بائع، رعاة
        # → راعٍ، سادة → سائد), whose stem (باع، رعا) is a verb.
        if plural[-1] == "ه" and not (len(plural) == 4 and "ا" in plural[1:3]):
            continue
        value = stem(singular)
        if value not in _WHOLE.get(plural, ()):
            _WHOLE[plural] = (*_WHOLE.get(plural, ()), value)
    _attested = frozenset(singulars).union(*_LEXICON.values())
    return _attested


def _whole_singulars(bare: str) -> tuple[str, ...]:
    """Singulars of a whole word (article already cut) from whole.txt, also
    behind a possessive pronoun (قطعانهم → قطعان)."""
    forms = [bare]
    for pronoun in PRONOUN_SUFFIXES:
        if bare.endswith(pronoun) and len(bare) - len(pronoun) >= 4:
            forms.append(bare[: -len(pronoun)])
            break
    found: list[str] = []
    for form in forms:
        if form.endswith("ه") and not WHOLE_WORD_TA:
            continue
        found.extend(_WHOLE.get(form, ()))
    return tuple(found)


_token_cache: dict[str, tuple[str, ...]] = {}


def lemmas_of_token(token: str) -> tuple[str, ...]:
    """Lemmas of one normalized word as written: its stem's
    (lemmas_of_stem), then what the whole word says before stemming
    (الفرسان → فارس, where the stem فرس is a horse)."""
    found = _token_cache.get(token)
    if found is None:
        term = stem(token)
        found = lemmas_of_stem(term)
        if WHOLE_WORD:
            extra = _whole_singulars(split_article_prefix(token)[1])
            if extra:
                found = tuple(dict.fromkeys(c for c in (*found, *extra) if c != term))
        if len(_token_cache) >= 500_000:
            _token_cache.clear()
        _token_cache[token] = found
    return found


def attested_singulars(word: str) -> tuple[str, ...]:
    """The root-pattern guesses for `word` that are known singulars."""
    attested = _attested if _attested is not None else _load_data()
    candidates = _pattern_singulars(word)
    # مفاعل and its kin are also the shape of Form III participles and
    # quadriliteral singulars (مساعد، مقابل، برنامج): there, a word that is
    # itself a known singular is read as a plural only for مفاعل → مفعل
    # (مطالب، مزارع، مرافق، متاجر): the participle and the مفعل noun share
    # their root, so the cost is a faint link in the lemma field.
    if not candidates:
        if word not in attested:
            candidates = _quadriliteral_singulars(word)
        elif (
            len(word) == 5
            and word[0] == "م"
            and word[2] == "ا"
            and word not in FORM_III_PARTICIPLES
        ):
            candidates = (word[:2] + word[3:],)
    found = tuple(found for c in candidates for found in _spellings(c) if found in attested)
    if not found:
        found = tuple(
            found for c in _weak_singulars(word) for found in _spellings(c) if found in attested
        )
    return found


def _spellings(candidate: str) -> tuple[str, ...]:
    """A guess ending in ء is also looked up as its singular is indexed:
    مبادئ → مبدء, but مبدأ normalizes to مبدا and stems to مبد; أخطاء →
    خطء, خطأ → خطا."""
    if candidate.endswith("ء"):
        return (candidate, stem(candidate[:-1] + "ا"))
    return (candidate,)


# فعول-shaped singulars and masdars whose three letters are another word.
_NOT_FUOOL = frozenset(("حكوم", "شعور", "ظهور"))
# Frequent فعال singulars and masdars: as plurals they would join unrelated
# words (نقاش، debate, is not the plural of نقش, engraving).
SINGULAR_FIAAL = frozenset(
    [
        # stems of feminine nouns (ثلاثة، قطاع، وزارة، إدارة، وكالة)
        "ثلاث",
        "قطاع",
        "وزار",
        "ادار",
        "وكال",
        "نقاش",
        "حوار",
        "قرار",
        "نظام",
        "سلاح",
        "كتاب",
        "طعام",
        "سلام",
        "مطار",
        "مسار",
        "مكان",
        "بيان",
        "زمان",
        "حساب",
        "خطاب",
        "عقار",
        "شعار",
        "دمار",
        "حصار",
        "جدار",
        "سؤال",
        "مجال",
        "مقال",
        "مثال",
        "نجاح",
        "كفاح",
        "سراح",
        "سباق",
        "دوام",
        "صراع",
        "ضمان",
        "فساد",
        "جهاز",
        "هجوم",
        "اطار",
        "انجاز",
        "اعلان",
        "امان",
        "حرام",
        "حلال",
        "خيار",
        "زواج",
        "سحاب",
        "شمال",
        "جنوب",
        "غلاف",
        "ملاذ",
        "نطاق",
        "نفاذ",
        "وفاق",
        "وئام",
        "مزاد",
        "مزاج",
        "مصاب",
        "مسار",
        "مرام",
    ]
)


def _pattern_singulars(word: str) -> tuple[str, ...]:
    """Singular candidates from the common broken-plural patterns. The
    shapes that singulars share (فعول: حكومة → حكوم; فعال: نقاش) carry
    exception lists; attested_singulars keeps the guesses that are known
    singulars."""
    n = len(word)
    if n == 5 and word[0] == "ا" and word[3] == "ا":  # أفعال: اخبار → خبر
        if word[4] == "ء":  # أفعلاء of a doubled root: أشقاء → شقيق، أطباء → طبيب
            return (word[1] + word[2] + word[4], word[1] + word[2] + "ي" + word[2])
        return (word[1] + word[2] + word[4],)
    if n == 5 and word[3] == "ا" and word[4] == "ء":  # فعلاء: وزراء → وزير، علماء → عالم
        return (word[0] + word[1] + "ي" + word[2], word[0] + "ا" + word[1] + word[2])
    if n == 6 and word[0] == "م" and word[2] == "ا" and word[4] == "ي":  # مفاعيل
        return (word[0] + word[1] + word[3] + "و" + word[5],)
    if n == 5 and word[1] == "و" and word[2] == "ا":  # فواعل: شوارع → شارع
        if word[0] == "م":  # or مفاعل of a و-root: مواهب → موهبة
            return (word[0] + "ا" + word[3] + word[4], word[:2] + word[3:])
        return (word[0] + "ا" + word[3] + word[4],)
    if n == 5 and word[2] == "ا" and word[3] == "ئ":  # فعائل: رسائل → رسالة/قبيلة/زبون
        return tuple(word[:2] + vowel + word[4] for vowel in "ايو")
    if n == 6 and word[1] == "و" and word[2] == "ا" and word[4] == "ي":  # فواعيل: طوابير
        return (word[0] + "ا" + word[3] + "و" + word[5],)
    if n == 5 and word[1] == "ي" and word[2] == "ا":  # فياعل: هياكل → هيكل
        return (word[0] + "ي" + word[3] + word[4],)
    if n == 4 and word[2] == "و" and word[1] not in "او" and word not in _NOT_FUOOL:
        # فعول: رموز → رمز، زيوت → زيت; and فعول of فاعل: سجود → ساجد
        return (word[0] + word[1] + word[3], word[0] + "ا" + word[1] + word[3])
    if n == 4 and word[2] == "ا" and word[1] == word[3]:  # ظلال → ظل، سلال → سلة (doubled root)
        return (word[:2], word[:2] + "ه")
    if (
        n == 4
        and word[2] == "ا"
        and word[1] not in "اوي"
        and word[3] not in "ءئ"
        and (word not in SINGULAR_FIAAL)
    ):
        # فعال: ثمار → ثمرة، رجال → رجل; and فُعّال, the plural of فاعل
        # (حراس → حارس، نقاد → ناقد), the same letters without the shadda.
        return (word[0] + word[1] + word[3], word[0] + "ا" + word[1] + word[3])
    if n == 4 and word[0] == "ا" and word[2] != "ا":  # أفعلة: أرصدة → رصيد، أسلحة → سلاح،
        # and of فعول: أعمدة → عمود
        return tuple(word[1] + word[2] + vowel + word[3] for vowel in "ياو")
    return ()


def _quadriliteral_singulars(word: str) -> tuple[str, ...]:
    """Four-consonant plurals, the alef after the second letter dropped:
    مفاعل، فعالل، أفاعل، فعالي (منافذ → منفذ، مناجم → منجم، مباني → مبنى)
    and with ي before the last (مشاريع → مشروع، مفاتيح → مفتاح، تقارير →
    تقرير). تفاعل (تجارب) is left to the lists: it is also the shape of Form
    III imperfects (يطالب، تحاول، نتابع); معانا(ة) is a masdar."""
    n = len(word)
    if n == 5 and word[2] == "ا" and word[0] not in "يتن" and word[-1] != "ا":
        return (word[:2] + word[3:],)
    if n == 6 and word[2] == "ا" and word[4] == "ي":
        return tuple(word[:2] + word[3] + v + word[5] for v in "واي")
    return ()


def _weak_singulars(word: str) -> tuple[str, ...]:
    """Plurals of weak and doubled roots, and sound plurals the light
    stemmer leaves too short: shapes whose letters say less, tried only
    when the regular patterns found no attested singular.

    - فواعٍ, the final ي cut by the stemmer: نواحي → نواح → ناحية;
    - doubled roots: فِعال (سلال → سلة), فُعول (حظوظ → حظ), فِعَل
      (حجج → حجة), فعاعيل of فعّال (شبابيك → شباك);
    - weak أفعلة, which the stemmer cuts to three letters (أردية → ارد →
      رداء): و-final, ي-final and hamza-final singulars;
    - sound plurals on a two-letter base, where the stemmer keeps ات
      (آيات → آية), or on a weak one, where the plural has و and the
      singular alef (صلوات → صلو, صلاة → صلا). Not ي: على → علي is no
      plural of anything.

    Not guessed: فِيعال of a hollow root (خيام → خيمة): سيارة، قياس، رياضة
    and سياسة share the shape and would all be read as plurals."""
    n = len(word)
    found: list[str] = []
    if n == 4 and word[1] == "و" and word[2] == "ا" and word not in SINGULAR_FIAAL:
        found.append(word[0] + "ا" + word[3])
    if n == 4 and word[2] in "او" and word[1] == word[3]:
        found += [word[:2] + "ه", word[:2]]
    if n == 6 and word[1] == word[3] and word[2] == "ا" and word[4] == "ي":
        found.append(word[:2] + "ا" + word[5])
    if n == 3 and word[1] == word[2] and word not in DOUBLED_NOT_PLURALS:
        found += [word[:2] + "ه", word[:2]]
    if n == 3 and word[0] == "ا" and word not in ALEF_NOT_PLURALS:
        found += [word[1:] + "و", word[1] + "ا" + word[2], word[1:] + "اء"]
    if n == 4 and word.endswith("ات"):
        found.append(word[:2] + "ه")
    if n == 3 and word[2] == "و" and word[1] not in "اوي":
        found.append(word[:2] + "ا")
    return tuple(found)


def _imperfect_masdars(rest: str) -> tuple[str, ...]:
    """Masdar candidates of an imperfect verb without its prefix ي/ت/ن."""
    n = len(rest)
    if n >= 4 and rest[0] == "ت":  # يتحدث، يتراجع: Forms V/VI, masdar = perfect
        return (rest,)
    if n == 5 and rest.startswith("ست"):  # يستقبل → استقبال
        return ("ا" + rest[:4] + "ا" + rest[4],)
    if n == 4 and (rest[0] == "ن" or rest[1] in "تط"):  # ينسحب، يرتفع، يصطدم
        return ("ا" + rest[:3] + "ا" + rest[3],)
    if n == 4 and rest[1] == "ا":  # يشارك → مشاركة (stem مشارك)
        return ("م" + rest,)
    if n == 3 and not any(ch in rest for ch in "اءئ"):  # يدعم، تكشف → دعم، كشف
        # Forms II/IV (يطور → تطوير، يعلن → إعلان) share these letters;
        # guessing all three readings cost related news precision.
        return (rest,)
    return ()


def _perfect_masdars(word: str) -> tuple[str, ...]:
    """Masdar candidates of a derived-form perfect verb (ت/وا already cut)."""
    n = len(word)
    if "ا" in word[2:]:  # a long vowel inside: a noun (أمتار), not these verbs
        return ()
    if n == 6 and word.startswith("است"):  # استقبل → استقبال
        return (word[:5] + "ا" + word[5],)
    if n == 5 and word[0] == "ا" and (word[1] == "ن" or word[2] in "تط"):  # انسحب، ارتفع
        return (word[:4] + "ا" + word[4],)
    if n == 4 and word.startswith("ات"):  # اتفق، اتخذ → اتفاق، اتخاذ
        return (word[:3] + "ا" + word[3],)
    return ()


def _masdars(word: str) -> tuple[str, ...]:
    """Verbal nouns for a stem that reads as a conjugated derived verb:
    ارتفعت، يرتفع، ترتفع → ارتفاع; يستقبل → استقبال; يتراجع → تراجع.
    Form I and weak roots are left to DERIVATIONS: their masdars do not
    follow from the letters."""
    found: list[str] = []
    forms = [word]
    # Past tense: ارتفعت (she), ارتفعو(ا) (they; the stemmer cut the alef).
    if len(word) >= 5 and word[-1] in "تو":
        forms.append(word[:-1])
    for form in forms:
        found.extend(_perfect_masdars(form))
        if len(form) >= 4 and form[0] in "يتن":
            found.extend(_imperfect_masdars(form[1:]))
    return tuple(found)


def _without_clitic(word: str) -> tuple[str, ...]:
    """A foreign name with a proclitic: بستارلينك → ستارلينك, وبنيروبي →
    نيروب. Only when four letters or more remain, so native words that
    begin with ب/ل/ك/ف (بحث، لجنة) are not cut into short common words.
    The bare word's own lemmas follow: a plural the stemmer left a
    preposition on (لسلاسل، بمبادئ) reaches its singular."""
    cut = 0
    while cut < 2 and word[cut : cut + 1] in CLITIC_LETTERS:
        cut += 1
        if len(word) - cut >= 4:
            bare = stem(word[cut:])
            # Only a word the stemmer keeps whole: فواتير → واتير → اتير
            # is a fragment, not a word with lemmas of its own.
            return (bare, *lemmas_of_stem(bare)) if bare == word[cut:] else (bare,)
    return ()


_cache: dict[str, tuple[str, ...]] = {}


def lemmas_of_stem(word: str) -> tuple[str, ...]:
    """Extra terms for one stem (empty when the stem is its own lemma):
    the lexicon's singular or masdar, else the pattern rules' guesses, and
    the word without a proclitic the stemmer left on it."""
    found = _cache.get(word)
    if found is None:
        if _attested is None:
            _load_data()  # before the first lexicon look-up
        if len(_cache) >= 500_000:
            _cache.clear()
        # أصدقائي → stem اصدقائ: the hamza of the bare plural sits on the line.
        key = word[:-1] + "ء" if word.endswith("ئ") else word
        candidates = _LEXICON.get(key) or (
            *attested_singulars(key),
            *_masdars(word),
            *(_LEXICON.get(word) or ()),
        )
        if key in _SHORT or key in _SECOND:
            candidates = (*candidates, *attested_singulars(key))
        candidates = (*candidates, *_without_clitic(word))
        # A foreign name is its own lemma (بوتين is not ب + تين); a name
        # that is also an Arabic word (صلاح) keeps the word's first reading
        # only: صلح, not the فاعل guess صالح, another name.
        if word in PROTECTED:
            candidates = candidates[:1] if word in _attested else ()
        found = tuple(dict.fromkeys(c for c in candidates if c != word))
        _cache[word] = found
    return found
