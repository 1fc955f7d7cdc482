"""The full rebuild gives the lists the incremental path gives, and the
large-archive path (postings) finds what scoring everything finds."""

import pytest

from sahifa.related import engine, index, rebuild, services
from sahifa.related.models import ArticleVector, RelatedLink

pytestmark = pytest.mark.django_db


def test_rebuild_reproduces_the_lists(orbitra):
    first, second, third, weather = orbitra
    RelatedLink.objects.all().delete()
    ArticleVector.objects.all().delete()
    timings = rebuild.rebuild(workers=2, log=lambda *a: None)
    assert timings["articles"] == 4
    assert {p.pk for p in services.related_articles(first)} == {second.pk, third.pk}
    assert services.related_articles(weather) == []
    assert ArticleVector.objects.count() == 4
    # The stored index keeps working incrementally after a rebuild.
    assert index.update_article(second.pk) == []


def test_large_archive_path_finds_the_same_stories(orbitra, monkeypatch):
    """Past EXHAUSTIVE articles, candidates come from the keyword postings,
    only the heaviest POSTINGS_PER_TERM of each term: in the database (one
    article) and in memory (the rebuild)."""
    first, second, third, weather = orbitra
    full = index.rank_for(index.build_vector(first))
    monkeypatch.setattr(engine, "EXHAUSTIVE", 0)
    monkeypatch.setattr(engine, "POSTINGS_PER_TERM", 2)
    assert index.rank_for(index.build_vector(first)) == full
    memory = rebuild.build_index(rebuild.live_documents(), workers=1)
    assert memory.related(first.pk) == memory.related(first.pk, exhaustive=True)
    assert {key for key, _ in memory.related(first.pk)} == {second.pk, third.pk}
    assert memory.related(weather.pk) == []


def test_rebuild_if_stale_follows_the_analyzer(orbitra, monkeypatch):
    """`rebuild_related --if-stale` (make run) rebuilds vectors another
    analyzer made (an upgrade), and leaves current ones alone."""
    from django.core.management import call_command

    from sahifa.related import rebuild as rebuild_module
    from sahifa.related.models import ArticleVector

    current = set(ArticleVector.objects.values_list("analyzer", flat=True))
    assert len(current) == 1 and "" not in current
    assert not rebuild_module.index_is_stale()
    first = orbitra[0].pk
    ArticleVector.objects.filter(page_id=first).update(terms={}, analyzer="")
    call_command("rebuild_related", "--if-stale", "--workers", "1", verbosity=0)
    assert ArticleVector.objects.get(page_id=first).terms
    assert set(ArticleVector.objects.values_list("analyzer", flat=True)) == current

    ArticleVector.objects.filter(page_id=first).update(terms={})
    call_command("rebuild_related", "--if-stale", "--workers", "1", verbosity=0)
    assert ArticleVector.objects.get(page_id=first).terms == {}

    monkeypatch.setattr(rebuild_module, "fingerprint", lambda: "0123456789abcdef")
    assert rebuild_module.index_is_stale()
    call_command("rebuild_related", "--if-stale", "--workers", "1", verbosity=0)
    assert set(ArticleVector.objects.values_list("analyzer", flat=True)) == {"0123456789abcdef"}
