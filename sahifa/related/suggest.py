"""Suggestions for the editor: «اقرأ أيضاً» links and existing tags, from
the revision being edited. Nothing here writes; the panels show the result
and the editor accepts it in the form."""

from collections import Counter, defaultdict
from collections.abc import Iterable

from taggit.models import Tag

from sahifa.analysis import proclitic_forms, strip_article, tokenize
from sahifa.articles.models import ArticlePage

from .index import build_vector, rank_for
from .services import linked_read_also, pinned_and_excluded


def suggest_read_also(page: ArticlePage, limit: int = 8) -> list[tuple[ArticlePage, float]]:
    """Candidates for «اقرأ أيضاً» from the text being edited (the draft, not
    the stored vector), leaving out what the body already links."""
    vector = build_vector(page)
    if not vector.terms:
        return []
    pins, excluded = pinned_and_excluded(page)
    skip = excluded | linked_read_also(page) | {page.pk}
    ranked = rank_for(vector, limit=limit + len(skip), exclude=skip)
    scores = dict(ranked)
    found = ArticlePage.objects.visible().filter(pk__in=scores).select_related("hero_image")
    pages = sorted(found, key=lambda p: -scores[p.pk])
    return [(p, scores[p.pk]) for p in pages][:limit]


# -- tags --------------------------------------------------------------------------


def tag_matcher(tags: Iterable[tuple[int, str]]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Index of tags by their first normalized word without the article."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for pk, name in tags:
        words = tokenize(name)
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        index[strip_article(words[0])].append((pk, tuple(words[1:])))
    return index


def find_tags(text: str, index: dict[str, list[tuple[int, tuple[str, ...]]]]) -> Counter:
    """How often each tag occurs in `text`, whatever its spelling: with
    clitics, with or without the article, hamza and alef forms, ta marbuta,
    diacritics (the last three folded by `normalize`)."""
    words = tokenize(text)
    found: Counter = Counter()
    for i, word in enumerate(words):
        for form in proclitic_forms(word):
            for pk, rest in index.get(form, ()):
                if tuple(words[i + 1 : i + 1 + len(rest)]) == rest:
                    found[pk] += 1
    return found


def suggest_tags(page: ArticlePage, limit: int = 15) -> list[Tag]:
    """Existing tags the article mentions and does not carry yet, the most
    mentioned first (a mention in the headline or dek counts three)."""
    index = tag_matcher(Tag.objects.values_list("pk", "name"))
    if not index:
        return []
    counts = find_tags(page.body_text(), index)
    for pk, count in find_tags(f"{page.title}\n{page.dek}", index).items():
        counts[pk] += 3 * count
    current = {tag.pk for tag in page.tags.all()}
    ranked = [pk for pk, _ in counts.most_common() if pk not in current][:limit]
    tags = Tag.objects.in_bulk(ranked)
    return [tags[pk] for pk in ranked if pk in tags]
