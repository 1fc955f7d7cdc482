"""The page cache's shared purge log and key index on each backend, and two
processes' views of it (two State objects on one store)."""

import pytest

from sahifa.audience.tests.conftest import redis_server  # noqa: F401 - a fixture
from sahifa.core import pagecache, pageshare


@pytest.fixture(params=["local", "sqlite", "redis"])
def shared(request, tmp_path):
    if request.param == "local":
        return pageshare.LocalShared()
    if request.param == "sqlite":
        return pageshare.SqliteShared(tmp_path / "surrogates.sqlite3")
    url = request.getfixturevalue("redis_server")
    store = pageshare.RedisShared(url, f"t{tmp_path.name}", ttl=30)
    return store


def test_log_and_index(shared):
    assert shared.purges_since(0) == []
    shared.record("/a/", ["article-1", "page-3"])
    shared.record("/b/", ["article-2", "page-3"])
    shared.record("/b/", ["article-2"])  # re-rendered: no longer on page-3
    assert shared.paths(["page-3"]) == {"/a/"}
    assert shared.paths(["article-2", "article-1"]) == {"/a/", "/b/"}
    first = shared.append(["article-1"])
    second = shared.append(["page-3", "lists"])
    assert second > first
    assert shared.purges_since(0) == [(first, ("article-1",)), (second, ("page-3", "lists"))]
    assert shared.purges_since(first) == [(second, ("page-3", "lists"))]
    shared.forget(["/a/"])
    assert shared.paths(["article-1", "page-3"]) == set()


def _entry(key, born, keys):
    entry = pagecache.Entry(
        key=key,
        path=key,
        born=born,
        created=0,
        expires=4e9,
        status=200,
        headers=[("Content-Type", "text/html")],
        keys=frozenset(keys),
    )
    entry.compress(b"<p>x</p>" * 100)
    return entry


def test_two_processes_see_each_others_purges(shared):
    one, two = pagecache.State(shared), pagecache.State(shared)
    assert one.refresh(force=True) and two.refresh(force=True)
    one.put(_entry("a", one.seq, {"article-1"}))
    one.put(_entry("b", one.seq, {"article-2"}))
    # Rendered before a purge it does not know of yet: not trusted.
    stale = _entry("c", two.seq, {"article-1"})
    shared.append(["article-1"])  # "the other process" purges
    assert set(one.entries) == {"a", "b"}  # not read yet (at most REFRESH late)
    one.refresh(force=True)
    assert set(one.entries) == {"b"}
    two.refresh(force=True)
    assert not two.trusted(stale.born, stale.keys)
    two.put(stale)
    assert "c" not in two.entries
    # Everything: nothing kept, nothing born before trusted.
    shared.append(["*"])
    one.refresh(force=True)
    assert one.entries == {} and not one.trusted(0, {"article-9"})


def test_a_process_starting_late_knows_older_purges(shared):
    shared.append(["article-5"])
    late = pagecache.State(shared)
    late.refresh(force=True)
    assert not late.trusted(0, {"article-5"}) and late.trusted(late.seq, {"article-5"})
