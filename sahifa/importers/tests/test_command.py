"""`manage.py import_articles` through call_command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sahifa.articles.models import ArticlePage
from sahifa.core.models import SahifaImage


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue().splitlines(), err.getvalue().splitlines(), exc
    return out.getvalue().splitlines(), err.getvalue().splitlines(), None


@pytest.mark.django_db
def test_prints_one_url_path_per_item_in_input_order(section, feed_dir):
    out, err, error = run(
        str(feed_dir / "ninjs2_linked.json"),
        str(feed_dir / "ninjs1_item.json"),
        "--section",
        "politics",
    )
    assert error is None and err == []
    uris = [
        "urn:sahifa:test:pol-101",
        "urn:sahifa:test:eco-102",
        "urn:sahifa:test:pol-103",
        "urn:sahifa:test:eco-001",
    ]
    assert out == [ArticlePage.objects.get(source_uri=uri).url for uri in uris]
    assert all(line.startswith("/politics/") for line in out)


@pytest.mark.django_db
def test_running_twice_changes_nothing(section, feed_dir):
    first, _, _ = run(str(feed_dir / "ninjs2_linked.json"), "--section", "politics")
    dates = list(
        ArticlePage.objects.order_by("pk").values_list("first_published_at", "last_updated_at")
    )
    second, _, error = run(str(feed_dir / "ninjs2_linked.json"), "--section", "politics")
    assert error is None
    assert second == first
    assert ArticlePage.objects.count() == 3
    assert (
        list(
            ArticlePage.objects.order_by("pk").values_list("first_published_at", "last_updated_at")
        )
        == dates
    )


@pytest.mark.django_db
def test_a_bad_file_fails_alone(section, feed_dir, write_json, media_files):
    bad = write_json(
        "sample.json",
        [{"uri": "urn:ok", "headlines": [{"value": "جيد"}]}, {"uri": "urn:x", "headlines": []}],
    )
    good = feed_dir / "ninjs1_item.json"
    out, err, error = run(str(bad), str(good), "--section", "politics")

    assert err == [f"error: {bad}: item 2 (urn:x): headlines: missing"]
    assert isinstance(error, CommandError)
    assert "1 of 2 file(s) not imported" in str(error) and str(bad) in str(error)
    # the good file still imported; nothing from the bad one
    assert out == [ArticlePage.objects.get(source_uri="urn:sahifa:test:eco-001").url]
    assert not ArticlePage.objects.filter(source_uri="urn:ok").exists()
    assert SahifaImage.objects.count() == 1
    assert len(media_files()) == 1


@pytest.mark.django_db
def test_invalid_json(section, write_json):
    path = write_json("broken.json", "{oops")
    out, err, error = run(str(path), "--section", "politics")
    assert out == []
    assert len(err) == 1 and err[0].startswith(f"error: {path}: invalid JSON")
    assert error is not None
    assert ArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_unknown_format(section, write_json):
    path = write_json("feed.json", {"rss": {"channel": []}})
    _, err, error = run(str(path), "--section", "politics")
    assert err == [
        f"error: {path}: item 1: unknown format: not a ninjs item (no standard.version, $schema, headline or headlines)"
    ]
    assert error is not None


@pytest.mark.django_db
def test_unknown_section(section, feed_dir):
    path = feed_dir / "ninjs1_item.json"
    out, err, error = run(str(path), "--section", "sports")
    assert err == [f"error: {path}: section: unknown section 'sports'"]
    assert error is not None and out == []
    assert ArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_no_section_at_all(home, feed_dir):
    path = feed_dir / "ninjs1_item.json"
    _, err, error = run(str(path))
    assert err == [
        f"error: {path}: item 1 (urn:sahifa:test:eco-001): section: no section: "
        "pass --section SLUG (no subject or genre is the title of a section)"
    ]
    assert error is not None


def test_paths_are_required():
    with pytest.raises(CommandError, match="arguments are required: PATH"):
        call_command("import_articles")
