"""The analyzer's fingerprint, which indexes store to find themselves stale."""

import shutil

from sahifa.analysis import fingerprint, version


def test_fingerprint_is_stable_and_short():
    assert fingerprint() == fingerprint()
    assert len(fingerprint()) == 16 and int(fingerprint(), 16) >= 0


def test_fingerprint_changes_with_a_word_list(tmp_path, monkeypatch):
    copy = tmp_path / "analysis"
    shutil.copytree(version._PACKAGE, copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    monkeypatch.setattr(version, "_PACKAGE", copy)
    version.fingerprint.cache_clear()
    try:
        same = version.fingerprint()
        assert same == fingerprint.__wrapped__()  # the copy reads as the package
        with (copy / "data" / "plurals.txt").open("a", encoding="utf-8") as handle:
            handle.write("أبحر\tبحر\n")
        version.fingerprint.cache_clear()
        assert version.fingerprint() != same
    finally:
        version.fingerprint.cache_clear()
