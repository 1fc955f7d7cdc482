"""Small newsrooms for the related tests: a few stories written here and
published the way editors do, or demo content imported through the ninjs
importer (pictures left out: they cost time and do not count)."""

import json

import pytest

from sahifa.articles.models import ArticlePage
from sahifa.demo.services import CONTENT_DIR, SECTIONS, ensure_sections
from sahifa.importers.services import import_file


def paragraphs(*texts):
    """A body of paragraph blocks, as `make_article` takes it."""
    return [("paragraph", f"<p>{text}</p>") for text in texts]


# Three stories on one rocket launch and one on the weather.
ORBITRA = [
    (
        "Orbitra تطلق صاروخها الجديد القابل لإعادة الاستخدام من قاعدة الإطلاق الساحلية",
        paragraphs(
            "أطلقت شركة Orbitra صاروخها الجديد القابل لإعادة الاستخدام من قاعدة الإطلاق الساحلية.",
            "وعاد المعزز الأول إلى منصة الهبوط بعد ثماني دقائق من الإطلاق.",
            "وقال مهندسو الشركة إن الصاروخ سيحمل أقماراً صناعية تجارية العام المقبل.",
            "ويأمل مؤسس الشركة رامي الخطيب أن يخفض الصاروخ كلفة الإطلاق إلى النصف.",
        ),
    ),
    (
        "هبوط ناجح لمعزز صاروخ Orbitra على منصة بحرية بعد الإطلاق",
        paragraphs(
            "نجحت Orbitra في إعادة معزز صاروخها إلى منصة هبوط بحرية للمرة الأولى.",
            "ويعد الهبوط خطوة نحو صاروخ قابل لإعادة الاستخدام بالكامل يخفض كلفة الإطلاق.",
        ),
    ),
    (
        "Orbitra توقع عقداً لإطلاق أقمار صناعية بصاروخها القابل لإعادة الاستخدام",
        paragraphs(
            "وقعت Orbitra عقداً لإطلاق ستة أقمار صناعية على صاروخها القابل لإعادة الاستخدام.",
            "وتقول الشركة إن المعزز سيعود إلى منصة الهبوط بعد كل إطلاق.",
        ),
    ),
]
HEATWAVE = (
    "موجة حر متأخرة ترفع درجات الحرارة والأرصاد تتوقع انفراجاً",
    paragraphs(
        "ارتفعت درجات الحرارة إلى 41 درجة في معظم المدن مع موجة حر متأخرة.",
        "وتوقعت الأرصاد الجوية انخفاض الحرارة مع نهاية الأسبوع وهطول أمطار خفيفة.",
    ),
)


@pytest.fixture
def published(make_article, django_capture_on_commit_callbacks):
    """Publish articles the way editors do; background tasks run on commit."""

    def _publish(title, body, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(title=title, body=body, **kwargs)

    return _publish


@pytest.fixture
def orbitra(published):
    pages = [published(title, body) for title, body in ORBITRA]
    pages.append(published(*HEATWAVE))
    return pages


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
    sections = ensure_sections(home)

    def _import(uris):
        for slug, items in demo_items(uris).items():
            path = tmp_path / f"{slug}.json"
            path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            import_file(path, section=sections[slug])
        return {p.source_uri: p for p in ArticlePage.objects.filter(source_uri__in=uris)}

    return _import
