"""The lemma column weighs as the body (issue 16): a story that writes the
broken plural of the query word is not outranked by one that mentions the
singular in passing."""

from types import SimpleNamespace

from sahifa.search.query import parse_query, rank, shadow_fields


def entry(pk: int, title: str, body: str) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, first_published_at=None, **shadow_fields(title, "", body))


def test_story_in_the_plural_outranks_a_passing_singular():
    about = entry(
        1,
        "افتتاح خط جديد",
        "أغلقت السلاسل التجارية فروعها، وتبحث السلاسل الأخرى عن مستثمرين جدد.",
    )
    passing = entry(2, "افتتاح خط جديد", "وقع الحادث ضمن سلسلة من الأعطال في المدينة.")
    # Newer pk first on a tie: the passing mention would win it.
    assert [e.pk for e in rank([passing, about], parse_query("سلسلة"))] == [1, 2]


def test_the_singular_as_written_still_wins_over_a_single_plural():
    plural = entry(1, "افتتاح خط جديد", "تبحث السلاسل التجارية عن مستثمرين.")
    singular = entry(2, "افتتاح خط جديد", "تبحث سلسلة تجارية عن مستثمرين جدد في سلسلة مدن.")
    assert [e.pk for e in rank([plural, singular], parse_query("سلسلة"))] == [2, 1]


def test_shadow_fields_read_lemmas_from_whole_words():
    """The index's lemma column takes the whole word's reading (issue 16,
    fifth pass): «الشجعان» stems to شجع, a verb, but is the plural of شجاع."""
    from sahifa.analysis import normalize, stem
    from sahifa.search.query import shadow_fields

    assert stem(normalize("شجاع")) in shadow_fields("", "", "الشجعان")["lemma_terms"].split()
