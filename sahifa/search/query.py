"""Pure query-side logic, shared by the services, the Wagtail backend and
the benchmarks: parsing, the one ranking formula, snippets, spelling
variants. No database access here."""

import math
import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from sahifa.analysis import (
    RAW_WORD,
    analyze,
    autocomplete_terms,
    indexed_words,
    lemmas_of_stem,
    lemmas_of_token,
    split_article_prefix,
    stem,
    tokenize,
)

from .backends.base import Query

MAX_GROUPS = 10
# Relative weight of a match in each field (headline > dek > body > lemmas).
FIELD_WEIGHTS = (
    ("title_terms", 10.0),
    ("dek_terms", 4.0),
    ("body_terms", 1.0),
    # A query word that is the lemma of an article's word (سلسلة for the
    # article's «سلاسل») weighs as that word in the body: at 0.5, articles
    # that use the singular in passing ranked above the one about it.
    ("lemma_terms", 1.0),
)
LEMMA_FACTOR = 0.5  # a query lemma (الوزراء → وزير) counts half of its own stem
# Fields whose words' forms are indexed (SearchEntry.term_forms): the first
# len(FORM_FIELDS) of FIELD_WEIGHTS.
FORM_FIELDS = 3
# A field that has the query word's stem but never its form (word_form)
# counts this share: «الرئيسان» prefers «الرئيس» to «الرئيسي» or «رئيس الوزراء».
STEM_ONLY_FACTOR = 0.4
# Inflectional endings word_form ignores: dual, sound plurals (ين covers
# both), then the accusative alef (رئيساً).
_INFLECTIONS = ("ان", "ين", "ون", "ات")


_PHRASE = re.compile(r'"([^"]+)"|«([^»]+)»|“([^”]+)”')


def parse_query(text: str) -> Query:
    """Words become AND-ed groups (stem | lemmas); quoted text (", «», “”)
    becomes a phrase of stems that must be adjacent."""
    phrases = []
    for match in _PHRASE.finditer(text):
        quoted = next(g for g in match.groups() if g)
        terms = tuple(analyze(quoted))
        if len(terms) > 1:
            phrases.append(terms)
        elif terms:  # one word: an ordinary group, as typed
            text += " " + " ".join(tokenize(quoted))
    rest = _PHRASE.sub(" ", text)
    groups: list[tuple[str, ...]] = []
    forms: list[set] = []
    for form in word_forms(rest):
        term = form[1]
        group = (term, *lemmas_of_stem(term))
        if group not in groups:
            groups.append(group)
            forms.append(set())
        forms[groups.index(group)].add(form)
    return Query(
        groups=tuple(groups[:MAX_GROUPS]),
        phrases=tuple(phrases[:3]),
        forms=tuple(frozenset(found) for found in forms[:MAX_GROUPS]),
    )


@lru_cache(maxsize=200_000)
def word_form(token: str) -> tuple[bool, str, bool]:
    """(definite, light stem, nisba) of one normalized word: the word as
    written minus clitics and inflectional endings (dual, sound plural,
    case), keeping the article and the nisba ending ي/ية. «الرئيسان» and
    «والرئيس» share a form; «الرئيسي» and «رئيس» only the stem."""
    article, rest = split_article_prefix(token)
    definite = bool(article)
    for ending in _INFLECTIONS:
        if rest.endswith(ending) and len(rest) >= 5:
            rest = rest[:-2]
            break
    else:
        if rest.endswith("ا") and len(rest) >= 4:
            rest = rest[:-1]
    return definite, stem(token), rest.endswith(("ي", "يه", "يت"))


def form_code(form: tuple[bool, str, bool]) -> str:
    """word_form's (definite, nisba) as one character; the stem is the
    indexed term itself."""
    return "0123"[form[0] + 2 * form[2]]


def word_forms(text: str) -> list[tuple[bool, str, bool]]:
    """word_form of every indexed word of `text`, in order: their stems are
    analyze(text)."""
    return [word_form(token) for token in indexed_words(text)]


def terms_and_forms(text: str) -> tuple[list[str], str]:
    """analyze(text) and, aligned with it, each term's form_code: what
    ranking needs of the words as written, so it never re-reads the text."""
    return _terms_and_codes(indexed_words(text))


def _terms_and_codes(words: list[str]) -> tuple[list[str], str]:
    forms = [word_form(word) for word in words]
    return [form[1] for form in forms], "".join(form_code(form) for form in forms)


@lru_cache(maxsize=1024)
def typed_codes(typed: frozenset) -> frozenset:
    """The form codes of a group's typed forms (they share one stem)."""
    return frozenset(form_code(form) for form in typed)


def has_form(terms: list[str], codes: str, term: str, typed: frozenset) -> bool:
    """Whether a field's terms (with their aligned form codes) have `term`
    written in one of the `typed` forms."""
    wanted = typed_codes(typed)
    at = -1
    try:
        while True:
            at = terms.index(term, at + 1)  # a C scan per occurrence
            if codes[at] in wanted:
                return True
    except ValueError:
        return False


def score_entry(entry, query: Query) -> float:
    """One ranking formula for every engine: per query group, the best
    field match (weight × (1 + log tf)), lemmas at half weight, a stem
    without the typed word form (word_form) at STEM_ONLY_FACTOR; phrases add
    their field weight; an OR-relaxed query is scaled by the share matched.
    `entry` has the shadow columns and term_forms."""
    texts = [(f" {getattr(entry, name)} ", weight) for name, weight in FIELD_WEIGHTS]
    # (group, field) → the field has a typed form; read lazily, only where
    # the stem matched and the form could change the best score.
    has_typed: dict[tuple[int, int], bool] = {}
    codes = entry.term_forms.split("|")
    split: dict[int, list[str]] = {}  # field → its terms, split once
    # Lemmas of the short fields, so a broken plural in the headline
    # (الأسواق for سوق) weighs as half a headline match, not as the body.
    short_lemmas = [
        ({lemma for term in getattr(entry, name).split() for lemma in lemmas_of_stem(term)}, weight)
        for name, weight in FIELD_WEIGHTS[:2]
    ]
    total, matched = 0.0, 0
    for index, group in enumerate(query.groups):
        best = 0.0
        typed = query.forms[index] if index < len(query.forms) else None
        for position, term in enumerate(group):
            needle = f" {term} "
            factor = 1.0 if position == 0 else LEMMA_FACTOR
            for field, (text, weight) in enumerate(texts):
                tf = text.count(needle)
                score = weight * (1 + math.log(tf)) * factor if tf else 0.0
                if score <= best:
                    continue
                if typed and position == 0 and field < FORM_FIELDS:
                    if (index, field) not in has_typed:
                        if field not in split:
                            split[field] = text.split()
                        has_typed[index, field] = has_form(split[field], codes[field], term, typed)
                    if not has_typed[index, field]:
                        score *= STEM_ONLY_FACTOR
                best = max(best, score)
            for lemmas, weight in short_lemmas:
                if term in lemmas:
                    best = max(best, weight * LEMMA_FACTOR)
        total += best
        matched += best > 0
    for phrase in query.phrases:
        needle = " " + " ".join(phrase) + " "
        best = max((weight for text, weight in texts if needle in text), default=0.0)
        total += best * len(phrase)
        matched += best > 0
    if query.any_group:
        total *= matched / (len(query.groups) + len(query.phrases))
    return total


def rank(entries: list, query: Query) -> list:
    """Best first; equal scores go to the newer article (recency tie-break)."""

    def key(entry):
        published = entry.first_published_at.timestamp() if entry.first_published_at else 0
        return (-round(score_entry(entry, query), 6), -published, -entry.pk)

    return sorted(entries, key=key)


def shadow_fields(title: str, dek: str, body: str) -> dict[str, str]:
    """The analyzed shadow text both engines index (SearchEntry columns)."""
    fields: list[list[str]] = []
    forms: list[str] = []
    lemmas: list[str] = []
    for text in (title, dek, body):
        tokens = indexed_words(text)
        terms, codes = _terms_and_codes(tokens)  # = terms_and_forms(text)
        fields.append(terms)
        forms.append(codes)
        # Lemmas of the words as written (lemmas_of_token): the whole word
        # can say more than its stem (الفرسان → فارس; the stem فرس is a horse).
        for token in tokens:
            lemmas.extend(lemmas_of_token(token))
    title_terms, dek_terms, body_terms = fields
    return {
        "title_terms": " ".join(title_terms),
        "dek_terms": " ".join(dek_terms),
        "body_terms": " ".join(body_terms),
        "term_forms": "|".join(forms),
        "lemma_terms": " ".join(lemmas),  # = sahifa.analysis.lemma_terms(title, dek, body)
        "autocomplete": " ".join(autocomplete_terms(title)),
    }


# -- snippets ------------------------------------------------------------------
_word_keys_cache: dict[str, frozenset[str]] = {}


def _word_keys(raw: str) -> frozenset[str]:
    """Stems and lemmas of one word as written (cached: words repeat)."""
    keys = _word_keys_cache.get(raw)
    if keys is None:
        found = set()
        for word in indexed_words(raw):
            found.add(stem(word))
            found.update(lemmas_of_token(word))
        if len(_word_keys_cache) >= 200_000:
            _word_keys_cache.clear()
        keys = _word_keys_cache[raw] = frozenset(found)
    return keys


def highlight(text: str, terms: set[str], max_words: int | None = None) -> SafeString:
    """Escape `text` and wrap the words matching `terms` in <mark>, in the
    original spelling (harakat, hamza and all). With `max_words`, cut the
    window of that many words holding the most matches."""
    if not text:
        return mark_safe("")
    get = _word_keys_cache.get
    hits = [not terms.isdisjoint(get(word) or _word_keys(word)) for word in RAW_WORD.findall(text)]
    if not hits:
        return mark_safe(escape(text))
    first, last = 0, len(hits)
    if max_words and len(hits) > max_words:
        best, best_at, current = -1, 0, sum(hits[:max_words])
        for i in range(len(hits) - max_words + 1):
            if i:
                current += hits[i + max_words - 1] - hits[i - 1]
            if current > best:
                best, best_at = current, i
        # Start a little before the first match so it reads in context.
        first_hit = next((i for i in range(best_at, best_at + max_words) if hits[i]), best_at)
        first = max(0, min(first_hit - 4, len(hits) - max_words))
        last = first + max_words
    out = ["… "] if first else []
    cursor = None
    for index, match in enumerate(RAW_WORD.finditer(text)):
        if index < first:
            continue
        if index >= last:
            break
        start, end = match.span()
        if cursor is None:
            cursor = start if first else 0
        out.append(escape(text[cursor:start]))
        word = escape(match.group())
        out.append(f"<mark>{word}</mark>" if hits[index] else word)
        cursor = end
    if last < len(hits):
        out.append(" …")
    else:
        out.append(escape(text[cursor:]))
    return mark_safe("".join(out).strip())


# Letters readers confuse: same skeleton with other dots (ب ت ث ن، ح خ ج…)
# and similar sounds (ض ظ د، ذ ز، س ص ث، ت ط، ق ك، ه ح، ء seats).
_CONFUSABLE_SETS = (
    "بتثني",
    "جحخ",
    "دذ",
    "رز",
    "سش",
    "صض",
    "طظ",
    "عغ",
    "فق",
    "ضظد",
    "ذز",
    "سصث",
    "تط",
    "قك",
    "هح",
    "ئيء",
    "ؤوء",
    "اع",
)
_CONFUSABLE: dict[str, str] = {}
for _letters in _CONFUSABLE_SETS:
    for _ch in _letters:
        _CONFUSABLE[_ch] = _CONFUSABLE.get(_ch, "") + "".join(
            c for c in _letters if c != _ch and c not in _CONFUSABLE.get(_ch, "")
        )
MAX_VARIANTS = 80


def spelling_variants(word: str) -> list[str]:
    """Likely intended spellings of a normalized word: confusable letters,
    one letter dropped, two neighbours swapped."""
    seen, out = {word}, []

    def add(candidate):
        if len(candidate) >= 2 and candidate not in seen:
            seen.add(candidate)
            out.append(candidate)

    for i, ch in enumerate(word):
        for other in _CONFUSABLE.get(ch, ""):
            add(word[:i] + other + word[i + 1 :])
    for i in range(len(word) - 1):
        add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for i in range(len(word)):
        add(word[:i] + word[i + 1 :])
    return out[:MAX_VARIANTS]
