"""Importer test helpers: fixture files copied beside images made with Pillow."""

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures"

# Images the fixture files reference (relative to the JSON), with their size.
FIXTURE_IMAGES = {
    "images/eco-001.jpg": (640, 360),
    "images/eco-001-thumb.jpg": (160, 90),
    "images/pol-101.jpg": (800, 533),
    "images/pol-101-thumb.jpg": (200, 133),
    "images/eco-102.png": (400, 300),
}


def make_image(path: Path, size=(320, 180), color=(20, 90, 160)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)
    return path


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test gets its own MEDIA_ROOT, so leftover files can be counted."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def media_files(media_root):
    def _list():
        return (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )

    return _list


@pytest.fixture
def feed_dir(tmp_path):
    """The fixture JSON files with their images, as an agency would deliver them."""
    target = tmp_path / "feed"
    target.mkdir(exist_ok=True)
    for source in FIXTURES.glob("*.json"):
        shutil.copy(source, target / source.name)
    for relative, size in FIXTURE_IMAGES.items():
        make_image(target / relative, size)
    return target


@pytest.fixture
def feed(tmp_path):
    """The folder write_json() writes to (images go beside the JSON)."""
    folder = tmp_path / "feed"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def write_json(feed):
    """Write a Python value (or raw text) as a JSON file; returns its path."""

    def _write(name, data):
        path = feed / name
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
