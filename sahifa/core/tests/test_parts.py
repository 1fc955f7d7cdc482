"""Parts kept between renders (core/parts.py): reused while nothing they
show was purged, never for previews or signed-in people."""

import time

import pytest
from django.test import RequestFactory

from sahifa.core import fragments, pagecache, parts, surrogate

pytestmark = pytest.mark.django_db


class Part:
    """A part that counts its renders and shows article 7."""

    def __init__(self, key="article-7"):
        self.renders = 0
        self.key = key

    def __call__(self) -> str:
        self.renders += 1
        surrogate.add(self.key)
        return f"<p>render {self.renders}</p>"


@pytest.fixture
def request_(page_cache):
    return RequestFactory().get("/politics/story/")


def test_a_part_is_reused_until_what_it_shows_is_purged(request_):
    part = Part()
    assert parts.reuse("x", [1], part, request_) == "<p>render 1</p>"
    assert parts.reuse("x", [1], part, request_) == "<p>render 1</p>"
    pagecache.purge({"article-8"})  # something else
    assert parts.reuse("x", [1], part, request_) == "<p>render 1</p>"
    pagecache.purge({"article-7"})
    assert parts.reuse("x", [1], part, request_) == "<p>render 2</p>"
    assert parts.reuse("x", [2], part, request_) == "<p>render 3</p>"  # another identity


def test_a_kept_part_gives_its_keys_to_the_page(request_):
    part = Part()
    parts.reuse("x", [1], part, request_)
    with surrogate.collecting() as keys:
        parts.reuse("x", [1], part, request_)
    assert part.renders == 1 and keys == {"article-7"}


@pytest.mark.parametrize("purge", [pagecache.invalidate, pagecache.invalidate_lazily])
def test_site_wide_purges_drop_every_part(request_, purge):
    part = Part()
    parts.reuse("x", [1], part, request_)
    purge()
    parts.reuse("x", [1], part, request_)
    assert part.renders == 2


def test_a_part_purged_while_it_renders_is_not_kept(request_):
    renders = []

    def racing() -> str:
        renders.append(1)
        surrogate.add("article-7")
        pagecache.purge({"article-7"})  # an editor publishes meanwhile
        return "old"

    parts.reuse("x", [1], racing, request_)
    parts.reuse("x", [1], racing, request_)
    assert len(renders) == 2


def test_parts_expire(request_, monkeypatch):
    part = Part()
    parts.reuse("x", [1], part, request_)
    later = time.time() + 31
    monkeypatch.setattr(parts.time, "time", lambda: later)
    parts.reuse("x", [1], part, request_)
    assert part.renders == 2


def test_previews_and_signed_in_people_never_use_parts(request_, settings):
    part = Part()
    parts.reuse("x", [1], part, request_)
    preview = RequestFactory().get("/politics/story/")
    preview.is_preview = True
    editor = RequestFactory().get("/politics/story/")
    editor.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    for request in (preview, preview, editor, editor):
        parts.reuse("x", [1], part, request)
    assert part.renders == 5
    parts.reuse("x", [1], part, request_)
    assert part.renders == 5  # what they rendered was not kept either


def test_a_part_holding_a_live_fragment_is_not_kept(request_):
    holes: list = []
    token = fragments.collect_holes(holes)
    renders = []

    def with_hole() -> str:
        renders.append(1)
        holes.append(("most-read", 1, "<ol></ol>"))
        return f"{fragments.HOLE_PREFIX}{len(holes) - 1}-->"

    try:
        parts.reuse("x", [1], with_hole, request_)
        parts.reuse("x", [1], with_hole, request_)
    finally:
        fragments.stop_holes(token)
    assert len(renders) == 2


def test_nothing_is_kept_while_the_purge_log_cannot_be_read(request_, monkeypatch):
    part = Part()
    monkeypatch.setattr(pagecache, "current_seq", lambda: None)
    parts.reuse("x", [1], part, request_)
    parts.reuse("x", [1], part, request_)
    assert part.renders == 2


def test_parts_are_off_at_zero_seconds(request_, settings):
    settings.PART_CACHE_SECONDS = 0
    part = Part()
    parts.reuse("x", [1], part, request_)
    parts.reuse("x", [1], part, request_)
    assert part.renders == 2


def test_a_process_keeps_a_bounded_amount(request_, monkeypatch):
    monkeypatch.setattr(parts, "MAX_PARTS", 3)
    monkeypatch.setattr(parts, "MAX_CHARS", 10_000)
    for ident in range(5):
        parts.reuse("x", [ident], lambda: "x" * 100, request_)
    assert len(parts._parts) == 3
    parts.reuse("big", [1], lambda: "y" * 9_950, request_)
    assert sum(len(kept[0]) for kept in parts._parts.values()) <= 10_000
    assert parts._chars[0] == sum(len(kept[0]) for kept in parts._parts.values())


def test_a_part_named_by_something_else_is_rendered_every_time(request_):
    part = Part()
    parts.reuse("x", [{"title": "بطاقة"}], part, request_)
    parts.reuse("x", [{"title": "بطاقة"}], part, request_)
    assert part.renders == 2
