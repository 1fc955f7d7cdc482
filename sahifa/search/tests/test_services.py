from dataclasses import replace

import pytest

from sahifa.analysis import tokenize
from sahifa.search import services
from sahifa.search.models import SearchEntry
from sahifa.search.query import word_form

from .conftest import days_ago

pytestmark = pytest.mark.django_db

# Query in other clitics, hamza forms, ta marbuta, diacritics, number or
# digits than the article's own words → expected article.
DONE_WHEN = [
    ("وبالحكومة", "budget"),  # stacked clitics و+ب+ال
    ("للاقتصاد", "budget"),  # لل
    ("فالموازنة", "budget"),  # ف+ال
    ("الإقتصاد", "budget"),  # hamza on alef
    ("اسرائيل", "israel"),  # bare alef
    ("الحكومه", "budget"),  # ta marbuta written ha
    ("الحُكُومَةُ", "budget"),  # diacritics
    ("مستشفي", "hospital"),  # ى written ي
    ("المعلم", "teachers"),  # singular for plural
    ("معلمين", "teachers"),
    ("الموازنات", "budget"),  # plural for singular
    ("الوزير", "ministers"),  # singular for broken plural
    ("روسيا", "russia"),  # nisba adjective → country
    ("2024", "election"),  # Western digits for Arabic-Indic
    ("وماكرون", "macron"),  # protected name with clitic
    ("نتفليكس", "netflix"),
]


def test_finds_article_in_top_three(corpus):
    missed = {}
    for query, slug in DONE_WHEN:
        top = [result.page.pk for result in services.search(query).results[:3]]
        if corpus[slug].pk not in top:
            missed[query] = slug
    assert missed == {}


def test_headline_match_outranks_body_match(corpus):
    # "الاقتصاد" is in the budget headline; nowhere else.
    outcome = services.search("موازنة")
    assert outcome.results[0].page.pk == corpus["budget"].pk
    outcome = services.search("الأسواق")
    # netflix has it in the body only, russia in its headline.
    assert [r.page.pk for r in outcome.results[:2]] == [corpus["russia"].pk, corpus["netflix"].pk]


def test_multiword_is_and_with_relaxed_fallback(corpus):
    outcome = services.search("الحكومة الموازنة")
    assert [r.page.pk for r in outcome.results] == [corpus["budget"].pk]
    assert not outcome.relaxed
    outcome = services.search("الحكومة نتفليكس")
    assert outcome.relaxed
    assert {r.page.pk for r in outcome.results} == {corpus["budget"].pk, corpus["netflix"].pk}


def test_phrase_query(corpus):
    assert [r.page.pk for r in services.search("«الشركات الروسية»").results] == [
        corpus["russia"].pk
    ]
    # Both words are in the netflix story, but not next to each other.
    assert services.search('"أسعار المنطقة"').total == 0
    assert services.search('"أسعار الاشتراك"').results[0].page.pk == corpus["netflix"].pk


def test_snippet_highlights_original_spelling(corpus):
    result = services.search("الحكومه").results[0]
    assert "<mark>الحكومةُ</mark>" in result.snippet_html  # harakat kept
    assert "<mark>الحكومة</mark>" in result.title_html


def test_snippet_escapes_html(corpus):
    html = services.highlight("<b>الحكومة</b> & أخرى", {"حكوم"})
    assert html == "&lt;b&gt;<mark>الحكومة</mark>&lt;/b&gt; &amp; أخرى"


def test_snippet_window_around_matches():
    text = " ".join(["كلمة"] * 50 + ["الحكومة"] + ["كلمة"] * 50)
    html = services.highlight(text, {"حكوم"}, max_words=10)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>الحكومة</mark>" in html
    assert html.count("كلمة") == 9


def test_filters_sort_and_pagination(corpus):
    sports = corpus["_sports"]
    assert services.search("في من").total == 0  # stopwords only: nothing to match
    assert services.search("المنتخب", section_id=sports.pk).total == 1
    assert services.search("المنتخب", section_id=corpus["budget"].get_parent().pk).total == 0
    recent = services.search("أعلنت", date_from=services_days(3))
    assert [r.page.pk for r in recent.results] == [corpus["israel"].pk]
    older = services.search("أعلنت", date_to=services_days(3))
    assert [r.page.pk for r in older.results] == [corpus["netflix"].pk]
    newest = services.search("الأسواق", sort="newest")
    assert [r.page.pk for r in newest.results] == [corpus["netflix"].pk, corpus["russia"].pk]
    first = services.search("الأسواق", sort="newest", per_page=1)
    second = services.search("الأسواق", sort="newest", per_page=1, page=2)
    assert first.total == second.total == 2 and first.num_pages == 2
    assert [first.results[0].page.pk, second.results[0].page.pk] == [
        corpus["netflix"].pk,
        corpus["russia"].pk,
    ]
    page2 = services.search("الأسواق", per_page=1, page=2)
    assert page2.results[0].page.pk == corpus["netflix"].pk


def services_days(days):
    from .conftest import days_ago

    return days_ago(days)


def test_no_results_suggests_spelling_variants(corpus):
    for typo in ("المنتخت", "المنتخبب", "الاقتصاذ"):  # dots, doubled letter, ذ for د
        outcome = services.search(typo)
        assert outcome.total == 0
        assert outcome.suggestions, typo
        assert services.search(outcome.suggestions[0]).total, typo
    assert services.search("المنتخت").suggestions[0] == "المنتخب"


def test_autocomplete_prefix_unstemmed(corpus):
    titles = [page.title for page in services.autocomplete("الحكو")]
    assert titles == [corpus["budget"].title]
    assert [p.pk for p in services.autocomplete("حكو")] == [corpus["budget"].pk]  # without ال
    assert [p.pk for p in services.autocomplete("الوزراء العر")] == [corpus["ministers"].pk]
    assert services.autocomplete("ح") == []


def test_index_follows_publish_update_unpublish(corpus, django_capture_on_commit_callbacks):
    page = corpus["football"]
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "المنتخب يتأهل إلى نهائي البطولة"
        page.save_revision().publish()
    assert services.search("نهائي").results[0].page.pk == page.pk
    assert services.search("نظيفة").total == 0  # only in the old headline
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert services.search("نهائي").total == 0
    assert not SearchEntry.objects.filter(pk=page.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    assert services.search("نهائي").total == 1


def test_deleting_a_page_removes_it(corpus):
    corpus["netflix"].delete()
    assert services.search("نتفليكس").total == 0


def test_rebuild_command(corpus):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    assert services.search("نتفليكس").total == 0
    call_command("search_rebuild", verbosity=0)
    assert SearchEntry.objects.count() == 10
    assert services.search("نتفليكس").total == 1
    # --if-empty (make run) leaves a filled index alone and fills an empty one.
    SearchEntry.objects.filter(pk=corpus["netflix"].pk).delete()
    call_command("search_rebuild", "--if-empty", verbosity=0)
    assert SearchEntry.objects.count() == 9
    SearchEntry.objects.all().delete()
    call_command("search_rebuild", "--if-empty", verbosity=0)
    assert SearchEntry.objects.count() == 10


def test_rebuild_if_stale_follows_the_analyzer(corpus, monkeypatch):
    """An upgrade that changes sahifa.analysis leaves entries written by the
    old analyzer: `search_rebuild --if-stale` (make run) re-indexes them,
    and does nothing while every entry is the current analyzer's."""
    from django.core.management import call_command

    netflix = corpus["netflix"].pk
    current = SearchEntry.objects.get(pk=netflix).analyzer
    assert current and not services.index_is_stale()
    SearchEntry.objects.filter(pk=netflix).update(body_terms="", analyzer="")
    call_command("search_rebuild", "--if-stale", verbosity=0)
    assert SearchEntry.objects.get(pk=netflix).body_terms  # rebuilt
    assert set(SearchEntry.objects.values_list("analyzer", flat=True)) == {current}

    # Nothing changed: the command leaves the index alone.
    SearchEntry.objects.filter(pk=netflix).update(body_terms="")
    call_command("search_rebuild", "--if-stale", verbosity=0)
    assert SearchEntry.objects.get(pk=netflix).body_terms == ""

    # Another analyzer: every entry is stale.
    monkeypatch.setattr(services, "fingerprint", lambda: "0123456789abcdef")
    assert services.index_is_stale()
    call_command("search_rebuild", "--if-stale", verbosity=0)
    assert set(SearchEntry.objects.values_list("analyzer", flat=True)) == {"0123456789abcdef"}
    assert SearchEntry.objects.get(pk=netflix).body_terms


def test_ranking_is_engine_independent(corpus):
    """The final order comes from one Python formula on both engines."""
    outcome = services.search("الأسواق")
    entries = list(SearchEntry.objects.filter(pk__in=[r.page.pk for r in outcome.results]))
    query = services.parse_query("الأسواق")
    assert [e.pk for e in services.rank(entries, query)] == [r.page.pk for r in outcome.results]


def test_broad_queries_rank_and_count_only_the_newest_matches(corpus, monkeypatch):
    """A word in most of the archive is ranked among its newest matches,
    and its total is "more than" that many rather than an exact count."""
    from sahifa.search.backends import base

    query = "أعلنت"  # israel (older id) and netflix (newer id)
    outcome = services.search(query)
    assert (outcome.total, outcome.more) == (2, False)
    monkeypatch.setattr(base, "BROAD_QUERY", 1)
    outcome = services.search(query)
    assert [r.page.pk for r in outcome.results] == [corpus["netflix"].pk]
    assert (outcome.total, outcome.more) == (1, True)
    newest = services.search(query, sort="newest", per_page=1, page=1)
    assert (newest.total, newest.more, newest.num_pages) == (1, True, 1)


def test_word_form_keeps_article_and_nisba_drops_inflection():
    def form(word):
        return word_form(tokenize(word)[0])

    assert form("الرئيسان") == form("الرئيس") == form("والرئيس") == form("للرئيسين")
    assert form("رئيساً") == form("رئيس") != form("الرئيس")
    assert form("الرئيسي") == form("الرئيسية") != form("الرئيس")
    assert {form(w)[1] for w in ("الرئيسان", "رئيس", "الرئيسي")} == {"رئيس"}


@pytest.mark.django_db(False)
def test_indexed_word_forms_agree_with_the_words_as_written():
    """The form codes stored at index time align with the shadow terms and
    answer has_form exactly as comparing the forms of every token would,
    over real article text (clitics, diacritics, hamza, names, digits)."""
    import json
    import re
    from pathlib import Path

    from sahifa.analysis import STOPWORDS, analyze, stem
    from sahifa.search.query import has_form, shadow_fields

    folder = Path(__file__).resolve().parents[2] / "demo" / "content"
    texts = [
        " ".join(re.sub(r"<[^>]+>", " ", b["value"]) for b in item.get("bodies", []))
        for path in sorted(folder.glob("*.json"))
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]
    checked = 0
    for index, text in enumerate(texts):
        fields = shadow_fields(text[:80], text[80:300], text)
        codes = fields["term_forms"].split("|")
        for name, part, code in zip(
            ("title_terms", "dek_terms", "body_terms"),
            (text[:80], text[80:300], text),
            codes,
            strict=True,
        ):
            assert fields[name].split() == analyze(part)
            assert len(code) == len(analyze(part))
        if index >= 12:
            continue
        terms = fields["body_terms"].split()
        forms = {word_form(t) for t in tokenize(text) if t not in STOPWORDS}
        other = texts[index - 1]  # words of another article: present or not here
        for token in (tokenize(text)[::7] + tokenize(other)[::11])[:80]:
            if token in STOPWORDS:
                continue
            typed = frozenset({word_form(token)})
            assert has_form(terms, codes[2], stem(token), typed) == (not typed.isdisjoint(forms)), (
                token
            )
            checked += 1
    assert checked > 500


def test_same_word_form_outranks_a_stem_shared_with_a_nisba(corpus, section):
    """«الرئيسان» (dual): an article about «الرئيس» in its body comes
    before a newer one with the nisba adjective «الرئيسي» ("main") in its
    dek, although the dek weighs more than the body."""
    from sahifa.articles.models import ArticlePage

    stories = {
        "summit": ("قمة في القاهرة", "لقاء ثنائي.", "استقبل الرئيس المصري الرئيس الفرنسي.", 11),
        "rates": ("البنك المركزي يثبت الفائدة", "سعر الفائدة الرئيسي دون تغيير.", "قرار.", 0),
    }
    pks = {}
    for slug, (title, dek, body, days) in stories.items():
        page = ArticlePage(
            title=title,
            slug=slug,
            dek=dek,
            live=True,
            first_published_at=days_ago(days),
            body=[("paragraph", f"<p>{body}</p>")],
        )
        section.add_child(instance=page)
        services.index_article(page.pk)
        pks[slug] = page.pk
    ranked = [result.page.pk for result in services.search("الرئيسان").results]
    assert ranked.index(pks["summit"]) < ranked.index(pks["rates"])
    # Stems alone (no typed forms) put the dek match first.
    query = services.parse_query("الرئيسان")
    entries = services._candidates([pks["summit"], pks["rates"]])
    stems_only = services.rank(entries, replace(query, forms=()))
    assert [entry.pk for entry in stems_only] == [pks["rates"], pks["summit"]]


def test_match_fraction_from_lexeme_frequencies():
    from sahifa.search.backends.base import Query
    from sahifa.search.backends.postgres import match_fraction

    frequencies = {"a": 0.5, "b": 0.2, "c": 0.7}

    def fraction(**query):
        return match_fraction(Query(**query), frequencies, 0.01)

    assert fraction(groups=(("a",), ("b",))) == pytest.approx(0.1)  # AND: product
    assert fraction(groups=(("a", "c"),)) == 1.0  # alternatives: sum, at most 1
    assert fraction(groups=(("a",), ("z",))) == pytest.approx(0.005)  # unlisted: rare
    assert fraction(groups=(("b",), ("z",)), any_group=True) == pytest.approx(0.21)
    assert fraction(phrases=(("a", "b"),)) == pytest.approx(0.2)


def test_postgres_estimate_folds_in_the_section_share(monkeypatch):
    from sahifa.search.backends.base import Filters, Query
    from sahifa.search.backends.postgres import PostgresEngine

    engine = PostgresEngine()
    sections = {3: 0.2, 4: 0.1}
    monkeypatch.setattr(engine, "statistics", lambda: ({"a": 0.5}, 0.01, sections, 1, 9, 9.0))
    query = Query(groups=(("a",),))
    assert engine.fraction(query, Filters()) == 0.5
    assert engine.fraction(query, Filters(section_id=3)) == pytest.approx(0.1)
    assert engine.fraction(query, Filters(section_id=7)) == pytest.approx(0.05)  # unlisted
    monkeypatch.setattr(engine, "statistics", lambda: ({}, 0.0, {}, 0, 0, 0.0))
    assert engine.fraction(query, Filters(section_id=3)) == 1.0  # no statistics: the walk


def test_postgres_plans_return_the_same_hits(corpus, monkeypatch):
    """The walk, the bitmap, and the bitmap bounded to recent ids (widened
    until it holds the window) give the same ids in the same order, in both
    sorts, with filters and with a window smaller than the matches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sahifa.search.backends import base, get_engine, postgres

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    engine = get_engine()
    monkeypatch.setattr(engine, "frequencies", lambda: ({"حكوم": 0.5}, 0.1))
    answers = []
    # always walk; bitmap unbounded; bitmap bounded to the newest id, widened
    for dense, margin in ((0.0, 1.5), (2.0, 1e9), (2.0, 1e-9)):
        monkeypatch.setattr(postgres, "DENSE", dense)
        monkeypatch.setattr(postgres, "DENSE_NEWEST", dense)
        monkeypatch.setattr(postgres, "MARGIN", margin)
        for window in (1000, 1):
            monkeypatch.setattr(base, "BROAD_QUERY", window)
            with CaptureQueriesContext(connection) as statements:
                answers.append(
                    [
                        (outcome.total, outcome.more, [r.page.pk for r in outcome.results])
                        for text in (
                            "أعلنت",
                            "الحكومة الموازنة",
                            "الحكومة نتفليكس",
                            "«الشركات الروسية»",
                        )
                        for sort in ("relevance", "newest")
                        for section in (None, corpus["_sports"].pk)
                        for outcome in [services.search(text, sort=sort, section_id=section)]
                    ]
                )
            bounded = [s for s in statements if "e.page_id >= " in s["sql"]]
            assert bool(bounded) == (margin < 1)  # the bound was tried (and widened)
    assert answers[2::2] == [answers[0]] * 2  # window 1000
    assert answers[3::2] == [answers[1]] * 2  # window 1
    assert any(total for total, _, _ in answers[0])
    assert any(more for _, more, _ in answers[1])


def test_window_is_ranked_as_sql_orders_it(corpus):
    """The engine ranks the newest matches in Python: as ORDER BY its rank
    expression, ties to the newer id, would."""
    from django.db import connection

    from sahifa.search.backends import get_engine
    from sahifa.search.backends.base import Filters

    engine = get_engine()
    for text in ("أعلنت", "الحكومة", "الشركات"):
        query = services.parse_query(text)
        hits = engine.search(query, Filters(), newest=False, offset=1, limit=1000)
        base, params = engine.match_sql(query, Filters())
        order = "DESC" if engine.rank_descending else "ASC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.page_id{base} ORDER BY {engine.rank_expression} {order}, e.page_id DESC",
                params,
            )
            assert hits.ids == [row[0] for row in cursor.fetchall()][1:]
