"""Small newsrooms for the related tests, built through the ninjs importer
from the demo content (pictures left out: they cost time and do not count)."""

import json

import pytest

from sahifa.demo.services import CONTENT_DIR, SECTIONS

TRILOGY = ["urn:sahifa:demo:pol-001", "urn:sahifa:demo:tech-001", "urn:sahifa:demo:eco-001"]
# Ten stories that share no story with the trilogy: football, weather,
# exams, health, farming, metro, books, cinema, marathon, migrants.
UNRELATED = [
    "urn:sahifa:demo:sport-001",
    "urn:sahifa:demo:soc-001",
    "urn:sahifa:demo:soc-002",
    "urn:sahifa:demo:soc-003",
    "urn:sahifa:demo:soc-004",
    "urn:sahifa:demo:soc-005",
    "urn:sahifa:demo:cult-001",
    "urn:sahifa:demo:cult-002",
    "urn:sahifa:demo:sport-003",
    "urn:sahifa:demo:world-005",
]


def demo_items(uris):
    """The demo ninjs items with these uris, grouped by section slug."""
    wanted = set(uris)
    grouped = {}
    for slug, _, _, filename in SECTIONS:
        items = json.loads((CONTENT_DIR / filename).read_text(encoding="utf-8"))
        chosen = [dict(item, associations=[]) for item in items if item["uri"] in wanted]
        if chosen:
            grouped[slug] = chosen
    return grouped


@pytest.fixture
def import_demo(tmp_path, home):
    """Import demo items by uri through `import_file`; returns {uri: page}."""
    from sahifa.articles.models import ArticlePage
    from sahifa.demo.services import ensure_sections
    from sahifa.importers.services import import_file

    sections = ensure_sections(home)

    def _import(uris):
        for slug, items in demo_items(uris).items():
            path = tmp_path / f"{slug}.json"
            path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            import_file(path, section=sections[slug])
        return {p.source_uri: p for p in ArticlePage.objects.filter(source_uri__in=uris)}

    return _import
