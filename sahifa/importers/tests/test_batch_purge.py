"""An import run is one lifecycle batch: one page-cache purge for all its
articles, not one per article (each would send readers of home and the
sections back to a render)."""

from io import StringIO

import pytest
from django.core.management import call_command

from sahifa.articles.models import ArticlePage
from sahifa.core import pagecache, surrogate


@pytest.mark.django_db
def test_an_import_purges_the_page_cache_once(section, feed_dir, commit, monkeypatch):
    purges: list[set] = []
    real = pagecache.purge

    def counting(keys, **kwargs):
        purges.append(set(keys))
        return real(keys, **kwargs)

    monkeypatch.setattr(pagecache, "purge", counting)
    commit(
        lambda: call_command(
            "import_articles",
            str(feed_dir / "ninjs2_linked.json"),
            "--section",
            "politics",
            stdout=StringIO(),
        )
    )
    imported = list(
        ArticlePage.objects.filter(source_uri__isnull=False).values_list("pk", flat=True)
    )
    assert len(imported) == 3
    # The run's own purge: its articles' keys and the lists (or everything,
    # when the run also changed something site-wide; lazily when it only
    # added, like new authors).
    run_purges = [keys for keys in purges if not keys or surrogate.LISTS in keys]
    assert len(run_purges) == 1
    lazy = [keys for keys in purges if pagecache.LAZY in keys]
    assert len(lazy) <= 1
    purges = [keys for keys in purges if keys not in lazy]
    assert not run_purges[0] or {surrogate.article(pk) for pk in imported} <= run_purges[0]
    # Renditions made afterwards drop only the pages showing that article,
    # its audio only the article's own page.
    shown = {surrogate.article(pk) for pk in imported} | {surrogate.page(pk) for pk in imported}
    assert all(len(keys) == 1 and keys <= shown for keys in purges if keys not in run_purges)
