"""Proclitics: the one-letter words and the article written joined to the next word.

Arabic writes و/ف (and, so), ب/ل/ك (with, for, like) and ال (the) onto the
word they belong to: والحكومة، بالقاهرة، للرئيس (ل + ال, the alef dropped).
All functions here take normalized tokens (see `normalize`).
"""

import re

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
CLITIC_LETTERS: frozenset[str] = frozenset(CONJUNCTIONS + PREPOSITIONS)

# (conjunction)? then (preposition + article | article | لل)
ARTICLE_PREFIX = re.compile(f"^[{''.join(CONJUNCTIONS)}]?(?:[{''.join(PREPOSITIONS)}]?ال|لل)")


def split_article_prefix(token: str) -> tuple[str, str]:
    """(prefix, rest) where prefix is an article with the clitics before it
    (وبال، فال، لل) and at least two letters remain; else ("", token)."""
    match = ARTICLE_PREFIX.match(token)
    if match:
        end = match.end()
        if len(token) - end >= 2:
            return token[:end], token[end:]
    return "", token


def strip_article(token: str) -> str:
    """The word without a leading ال when at least two letters remain
    (الانتخابات → انتخابات, الى stays)."""
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    return token


def proclitic_forms(token: str) -> set[str]:
    """The word itself and every reading of it with proclitics removed:
    والانتخابات → انتخابات, لرامي → رامي, للقاهره → قاهره. Generous on
    purpose: for matching against a known list (tags), where a form that
    is not in the list costs nothing."""
    forms = {token}
    stage = {token}
    # A conjunction comes before a preposition: strip in that order.
    for prefixes in (CONJUNCTIONS, PREPOSITIONS):
        stage |= {t[1:] for t in stage for p in prefixes if t.startswith(p) and len(t) > 2}
    forms |= stage
    forms |= {t[2:] for t in stage if t.startswith("لل") and len(t) > 3}
    return {strip_article(f) for f in forms} | forms
