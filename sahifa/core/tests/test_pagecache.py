import pytest

from sahifa.core import pagecache

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_shareable(client, make_article, page_cache):
    article = make_article(title="خبر للتخزين")
    first = client.get(article.url)
    assert first["X-Cache"] == "MISS"
    assert "public" in first["Cache-Control"] and "max-age=30" in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", "")
    second = client.get(article.url)
    assert second["X-Cache"] == "HIT" and second.content == first.content


def test_publishing_invalidates(
    client, make_article, page_cache, django_capture_on_commit_callbacks
):
    article = make_article(title="العنوان الأول")
    assert "العنوان الأول" in client.get(article.url).content.decode()
    article.title = "العنوان بعد التحديث"
    # The lifecycle drops cached pages once the publish commits.
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    response = client.get(article.url)
    assert response["X-Cache"] == "MISS"
    assert "العنوان بعد التحديث" in response.content.decode()


def test_editors_and_admin_bypass_the_cache(client, make_article, page_cache, django_user_model):
    article = make_article()
    client.get(article.url)
    user = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(user)
    assert "X-Cache" not in client.get(article.url)
    client.logout()
    assert "X-Cache" not in client.get("/admin/login/")


def test_errors_are_not_cached(client, home, page_cache):
    response = client.get("/missing-page/")
    assert response.status_code == 404 and "X-Cache" not in response
    assert pagecache.generation() >= 0


def _slow_page(renders, gate, status=200):
    """A view standing in for a page render: counts itself, then blocks until
    the test opens `gate`, so the other requests arrive while it runs."""
    from django.http import HttpResponse

    def view(request):
        renders.append(request.path)
        gate.wait(5)
        response = HttpResponse("<p>صفحة</p>" * 50, status=status)
        response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return view


def _versioned_page(renders, gate, key, block=lambda n: True):
    """A page that shows surrogate `key` and its render number («نسخة n»);
    render n waits for `gate` when block(n)."""
    from django.http import HttpResponse

    from sahifa.core import surrogate

    def view(request):
        renders.append(request.path)
        surrogate.add(key)
        if block(len(renders)):
            gate.wait(5)
        response = HttpResponse(f"<p>نسخة {len(renders)}</p>" * 50)
        response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return view


def _burst(middleware, path, count):
    import threading

    from django.test import RequestFactory

    answers, threads = [], []

    def one():
        answers.append(middleware(RequestFactory().get(path)))

    for _ in range(count):
        threads.append(threading.Thread(target=one))
        threads[-1].start()
    return answers, threads


@pytest.mark.parametrize("status, renders_expected", [(200, 1), (404, 4)])
def test_a_burst_on_one_cold_page_renders_it_once(page_cache, status, renders_expected):
    import threading
    import time

    renders: list[str] = []
    gate = threading.Event()
    middleware = pagecache.PageCacheMiddleware(_slow_page(renders, gate, status))
    answers, threads = _burst(middleware, "/cold/", 4)
    deadline = time.monotonic() + 5
    while not renders and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # the others have arrived and wait for the first render
    assert len(renders) == 1
    gate.set()
    for thread in threads:
        thread.join(10)
    # A cacheable page is rendered once and served to the rest from memory;
    # an answer the cache does not keep (an error) is rendered by each.
    assert len(renders) == renders_expected
    assert sorted(a.status_code for a in answers) == [status] * 4
    if status == 200:
        assert sorted(a["X-Cache"] for a in answers) == ["HIT", "HIT", "HIT", "MISS"]


def test_a_waiting_request_never_gets_a_page_purged_during_its_render(page_cache):
    import threading

    renders: list[str] = []
    gate = threading.Event()
    view = _versioned_page(renders, gate, "page-1", block=lambda n: n == 1)
    middleware = pagecache.PageCacheMiddleware(view)
    answers, threads = _burst(middleware, "/purged/", 2)
    while len(renders) < 1:
        threading.Event().wait(0.01)
    threading.Event().wait(0.2)
    pagecache.purge(["page-1"])  # the article changed while the first render ran
    gate.set()
    for thread in threads:
        thread.join(10)
    # The first render began before the change: it is not kept, and the
    # waiting request renders the page again rather than take it.
    assert len(renders) == 2


def _expire_all(monkeypatch, seconds):
    """Move the page cache's clock `seconds` ahead."""
    import time

    real = time.time
    monkeypatch.setattr(pagecache.time, "time", lambda: real() + seconds)


def test_an_expired_page_is_served_stale_while_one_request_renders_it(page_cache, monkeypatch):
    import threading

    renders: list[str] = []
    gate = threading.Event()
    gate.set()  # the first render runs through
    middleware = pagecache.PageCacheMiddleware(_slow_page(renders, gate))
    first, threads = _burst(middleware, "/expiring/", 1)
    threads[0].join(10)
    assert first[0]["X-Cache"] == "MISS"
    # Past its lifetime; nothing it shows changed.
    _expire_all(monkeypatch, 31)
    gate.clear()
    answers, threads = _burst(middleware, "/expiring/", 4)
    while not renders[1:]:
        threading.Event().wait(0.01)
    threading.Event().wait(0.5)
    # Three readers got the last copy at once; one renders the page again.
    assert len(answers) == 3
    assert sorted(a["X-Cache"] for a in answers) == ["STALE"] * 3
    assert all(a.content == first[0].content for a in answers)
    gate.set()
    for thread in threads:
        thread.join(10)
    assert len(renders) == 2
    assert sorted(a["X-Cache"] for a in answers) == ["MISS", "STALE", "STALE", "STALE"]


def test_a_purged_page_is_never_served_stale(page_cache, monkeypatch):
    import threading

    middleware, renders, gate = _cached_page("page-7", "/changed/")
    _expire_all(monkeypatch, 31)
    pagecache.purge(["page-7"])  # and what it shows changed
    answers, threads = _burst(middleware, "/changed/", 2)
    while not renders[1:]:
        threading.Event().wait(0.01)
    threading.Event().wait(0.3)
    assert answers == []  # the second reader waits for the render
    gate.set()
    for thread in threads:
        thread.join(10)
    assert sorted(a["X-Cache"] for a in answers) == ["HIT", "MISS"]
    assert all("نسخة 2" in a.content.decode() for a in answers)


def test_a_process_renders_one_expired_page_at_a_time(page_cache, monkeypatch):
    import threading

    monkeypatch.setattr(pagecache, "REFRESH_DUTY", 1.0)  # no pause between renders

    renders: list[str] = []
    gate = threading.Event()
    gate.set()
    middleware = pagecache.PageCacheMiddleware(_slow_page(renders, gate))
    for path in ("/first/", "/second/"):
        _, threads = _burst(middleware, path, 1)
        threads[0].join(10)
    _expire_all(monkeypatch, 31)
    gate.clear()
    first, threads = _burst(middleware, "/first/", 1)  # renders again, held by the gate
    while len(renders) < 3:
        threading.Event().wait(0.01)
    second, more = _burst(middleware, "/second/", 1)
    more[0].join(5)
    # Expired too, but the process is already rendering an expired page:
    # its last copy is served and it is not rendered now.
    assert [a["X-Cache"] for a in second] == ["STALE"] and len(renders) == 3
    gate.set()
    threads[0].join(10)
    assert [a["X-Cache"] for a in first] == ["MISS"]
    third, threads = _burst(middleware, "/second/", 1)
    threads[0].join(10)
    assert [a["X-Cache"] for a in third] == ["MISS"] and len(renders) == 4


def _serve_once(middleware, path):
    answers, threads = _burst(middleware, path, 1)
    threads[0].join(10)
    return answers[0]


def _cached_page(key, *paths, block=lambda n: True):
    """A page showing surrogate `key` (_versioned_page), served once at each
    of `paths` so that they are cached; the gate is left closed, so the next
    render waits for the test. Returns (middleware, renders, gate)."""
    import threading

    renders: list[str] = []
    gate = threading.Event()
    gate.set()
    middleware = pagecache.PageCacheMiddleware(_versioned_page(renders, gate, key, block))
    for path in paths:
        assert _serve_once(middleware, path)["X-Cache"] == "MISS"
    gate.clear()
    return middleware, renders, gate


def test_a_lazy_purge_serves_last_copies_while_pages_render_again(page_cache, monkeypatch):
    """A site-wide change that takes nothing away (a new section in the
    menu): readers get the last copy, marked STALE, while the process
    renders one page at a time; the page that changed itself is exact."""
    import threading

    monkeypatch.setattr(pagecache, "REFRESH_DUTY", 1.0)

    middleware, renders, gate = _cached_page("article-3", "/story/", "/other/", "/front/")
    pagecache.invalidate_lazily(["article-3-front"])  # no page carries it: nothing exact
    first, threads = _burst(middleware, "/story/", 1)  # renders again, held by the gate
    while len(renders) < 4:
        threading.Event().wait(0.01)
    other = _serve_once(middleware, "/other/")
    assert other["X-Cache"] == "STALE" and "نسخة 2" in other.content.decode()
    gate.set()
    threads[0].join(10)
    assert first[0]["X-Cache"] == "MISS" and "نسخة 4" in first[0].content.decode()
    assert _serve_once(middleware, "/story/")["X-Cache"] == "HIT"
    assert _serve_once(middleware, "/other/")["X-Cache"] == "MISS"
    assert len(renders) == 5


def test_a_lazy_purge_is_exact_for_what_changed_and_what_is_purged_after(page_cache):
    import threading

    renders: list[str] = []
    gate = threading.Event()
    gate.set()
    front = pagecache.PageCacheMiddleware(_versioned_page(renders, gate, "page-9"))
    story = pagecache.PageCacheMiddleware(_versioned_page(renders, gate, "article-5"))
    _serve_once(front, "/front/")
    _serve_once(story, "/story/")
    pagecache.invalidate_lazily(["page-9"])  # the front was published itself
    pagecache.purge(["article-5"])  # and then the story changed
    # Neither may stand in: both render before anyone is answered.
    assert _serve_once(front, "/front/")["X-Cache"] == "MISS"
    assert _serve_once(story, "/story/")["X-Cache"] == "MISS"
    assert len(renders) == 4


def test_a_lazy_purge_stands_in_only_for_a_page_lifetime(page_cache, monkeypatch):
    import threading

    middleware, renders, gate = _cached_page("article-8", "/story/", "/other/")
    pagecache.invalidate_lazily()
    _expire_all(monkeypatch, 31)  # PAGE_CACHE_SECONDS=30 in tests
    # Too old to stand in: the reader waits for its render.
    answers, threads = _burst(middleware, "/other/", 1)
    while len(renders) < 3:
        threading.Event().wait(0.01)
    _, others = _burst(middleware, "/story/", 1)
    threading.Event().wait(0.3)
    assert answers == []
    gate.set()
    for thread in threads + others:
        thread.join(10)
    assert answers[0]["X-Cache"] == "MISS" and len(renders) == 4


def test_stale_renders_leave_the_process_time_for_cached_readers(page_cache, monkeypatch):
    """After a stale page's render of d seconds, the next stale page waits
    d (REFRESH_DUTY 0.5) and is served its last copy meanwhile."""
    import time

    from django.http import HttpResponse

    renders: list[str] = []

    def view(request):
        renders.append(request.path)
        time.sleep(0.4)
        response = HttpResponse("<p>صفحة</p>" * 50)
        response["Content-Type"] = "text/html; charset=utf-8"
        return response

    middleware = pagecache.PageCacheMiddleware(view)
    for path in ("/first/", "/second/"):
        _serve_once(middleware, path)
    _expire_all(monkeypatch, 31)
    assert _serve_once(middleware, "/first/")["X-Cache"] == "MISS"  # 0.4 s
    assert _serve_once(middleware, "/second/")["X-Cache"] == "STALE"
    assert len(renders) == 3
    time.sleep(0.5)
    assert _serve_once(middleware, "/second/")["X-Cache"] == "MISS"
    assert len(renders) == 4


def test_a_purge_with_grace_serves_the_last_copy_while_one_request_renders(page_cache):
    """An article still public changed (a publish): readers of the pages
    showing it get the last copy, marked STALE, while one request renders
    the page again, instead of each holding a thread waiting for it."""
    import threading

    middleware, renders, gate = _cached_page("article-4", "/home/")
    pagecache.purge(["article-4"], grace=True)
    first, threads = _burst(middleware, "/home/", 1)  # renders again, held by the gate
    while len(renders) < 2:
        threading.Event().wait(0.01)
    others = [_serve_once(middleware, "/home/") for _ in range(3)]
    assert [a["X-Cache"] for a in others] == ["STALE"] * 3
    assert all("نسخة 1" in a.content.decode() for a in others)
    # Not to be kept by a proxy or CDN in front.
    assert all(a["Cache-Control"] == "public, max-age=0" for a in others)
    gate.set()
    threads[0].join(10)
    assert first[0]["X-Cache"] == "MISS" and "نسخة 2" in first[0].content.decode()
    assert _serve_once(middleware, "/home/")["X-Cache"] == "HIT" and len(renders) == 2


def test_a_process_renders_one_graced_page_at_a_time(page_cache):
    """A publish purges a dozen pages at once (home, fronts, related
    blocks): while the process renders one, readers of the others get their
    last copy, so its other threads stay free for cached answers."""
    import threading

    middleware, renders, gate = _cached_page("article-12", "/home/", "/front/")
    pagecache.purge(["article-12"], grace=True)
    first, threads = _burst(middleware, "/home/", 1)  # renders again, held by the gate
    while len(renders) < 3:
        threading.Event().wait(0.01)
    front = _serve_once(middleware, "/front/")
    assert front["X-Cache"] == "STALE" and len(renders) == 3
    gate.set()
    threads[0].join(10)
    assert first[0]["X-Cache"] == "MISS"
    # Unpaced, unlike expired pages: the next graced page renders at once.
    assert _serve_once(middleware, "/front/")["X-Cache"] == "MISS" and len(renders) == 4


def test_grace_lasts_purge_grace_seconds(page_cache, monkeypatch):
    import threading

    monkeypatch.setattr(pagecache, "PURGE_GRACE", 0.2)
    middleware, renders, gate = _cached_page("article-6", "/home/")
    pagecache.purge(["article-6"], grace=True)
    threading.Event().wait(0.3)
    answers, threads = _burst(middleware, "/home/", 2)
    threading.Event().wait(0.3)
    # Past the grace: one renders, the other waits for it (no STALE answer).
    assert len(renders) == 2 and answers == []
    gate.set()
    for thread in threads:
        thread.join(10)
    assert sorted(a["X-Cache"] for a in answers) == ["HIT", "MISS"]


def test_a_purge_without_grace_ends_the_grace(page_cache):
    """Published, then unpublished at once: the last copy never stands in."""
    import threading

    middleware, renders, gate = _cached_page("article-2", "/home/")
    pagecache.purge(["article-2"], grace=True)
    pagecache.purge(["article-2", pagecache.FRAGMENTS])
    answers, threads = _burst(middleware, "/home/", 2)
    while len(renders) < 2:
        threading.Event().wait(0.01)
    threading.Event().wait(0.3)
    assert answers == []  # both wait for the render
    gate.set()
    for thread in threads:
        thread.join(10)
    assert sorted(a["X-Cache"] for a in answers) == ["HIT", "MISS"]


def test_stand_ins_nobody_asks_for_are_dropped(page_cache, monkeypatch):
    import threading

    monkeypatch.setattr(pagecache, "PURGE_GRACE", 0.1)
    middleware, renders, gate = _cached_page("article-11", "/quiet/")
    pagecache.purge(["article-11"], grace=True)
    state = pagecache._state()
    assert len(state.graced) == 1
    threading.Event().wait(0.2)
    pagecache.purge(["unrelated-key"])  # the next read of the log
    assert state.graced == {}


def test_a_render_purged_while_it_ran_is_not_kept_downstream(page_cache):
    """What the page shows changed during its render: the answer goes to
    its reader, but marked STALE with max-age=0, so neither this process
    nor a proxy in front keeps it (the proxy's refresh then asks again)."""
    import threading

    middleware, renders, gate = _cached_page("article-13")
    answers, threads = _burst(middleware, "/racing/", 1)
    while not renders:
        threading.Event().wait(0.01)
    pagecache.purge(["article-13"])
    gate.set()
    threads[0].join(10)
    assert answers[0]["X-Cache"] == "STALE"
    assert answers[0]["Cache-Control"] == "public, max-age=0"
    assert _serve_once(middleware, "/racing/")["X-Cache"] == "MISS" and len(renders) == 2
