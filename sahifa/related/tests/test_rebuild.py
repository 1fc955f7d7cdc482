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
