"""The issue's acceptance test: three linked stories about one businessman
among ten unrelated ones, published through the importer, with the related
lists computed by the background task the publish signal enqueues."""

import pytest

from sahifa.related.models import RelatedLink
from sahifa.related.services import related_articles

from .conftest import TRILOGY, UNRELATED

pytestmark = pytest.mark.django_db


def test_trilogy_finds_itself_and_nothing_unrelated(
    import_demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pages = import_demo(TRILOGY + UNRELATED)
    assert len(pages) == 13
    trilogy_ids = {pages[uri].pk for uri in TRILOGY}
    unrelated_ids = {pages[uri].pk for uri in UNRELATED}
    for uri in TRILOGY:
        top3 = [p.pk for p in related_articles(pages[uri], limit=3)]
        others = trilogy_ids - {pages[uri].pk}
        assert others & set(top3), (uri, top3)
        assert not unrelated_ids & set(top3), (uri, top3)
    # The lists are stored, not computed while rendering.
    assert RelatedLink.objects.filter(page_id__in=trilogy_ids).exists()
