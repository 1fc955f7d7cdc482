"""The demo newsroom: sections, people and articles, loaded through the same
ninjs importer newsrooms use (sahifa.importers)."""

import json
import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction

from sahifa.articles.models import ArticlePage
from sahifa.authors.models import Author
from sahifa.core.models import SahifaImage, SiteSettings
from sahifa.home.models import HomePage, HomePin
from sahifa.home.services import ensure_site
from sahifa.importers.services import import_file
from sahifa.newsroom.services import EDITORS, WRITERS, ensure_newsroom_roles
from sahifa.sections.models import SectionPage

from .images import ensure_picture, pick_scene
from .readers import seed_audience

CONTENT_DIR = Path(__file__).parent / "content"

# (slug, title, intro, content file)
SECTIONS = [
    (
        "politics",
        "سياسة",
        "الشأن السياسي المحلي والعربي: البرلمان والحكومة والانتخابات.",
        "politics.json",
    ),
    ("economy", "اقتصاد", "الأسواق والمال والأعمال والطاقة.", "economy.json"),
    ("world", "العالم", "أخبار العالم والقمم الدولية والنزاعات.", "world.json"),
    (
        "technology",
        "علوم وتكنولوجيا",
        "الفضاء والذكاء الاصطناعي والأمن الرقمي والشركات الناشئة.",
        "technology.json",
    ),
    ("sports", "رياضة", "كرة القدم والبطولات القارية وألعاب القوى.", "sports.json"),
    ("society", "مجتمع", "التعليم والصحة والطقس والزراعة والمدن.", "society.json"),
    ("culture", "ثقافة وفنون", "الكتب والسينما والمسرح والموسيقى والتراث.", "culture.json"),
    ("opinion", "رأي", "مقالات رأي يكتبها محررو الصحيفة وضيوفها.", "opinion.json"),
]
# Sections whose articles are opinion pieces: they fill the fronts' «رأي» zone.
OPINION_SECTIONS = {"opinion"}

AUTHOR_ROLES = {
    "ليلى الحسيني": "محررة الشؤون السياسية",
    "عمر الفاسي": "مراسل اقتصادي",
    "سلمى درويش": "مراسلة الشؤون الدولية",
    "يوسف القاسم": "محرر العلوم والتكنولوجيا",
    "نادين حداد": "محررة الثقافة",
    "كريم بن علي": "محرر الرياضة",
    "هالة منصور": "مراسلة الشؤون الاجتماعية",
    "طارق العمري": "رئيس قسم التحقيقات",
}

DEMO_USERS = [
    # (username, first name, group or None for superuser)
    ("admin", "مدير الموقع", None),
    ("editor", "محرر", EDITORS),
    ("writer", "كاتب", WRITERS),
]


def ensure_demo_settings(home: HomePage) -> None:
    conf = SiteSettings.for_site(home.get_site())
    if conf.tagline:
        return
    conf.tagline = "أخبار موثوقة بالعربية"
    conf.x_url = "https://x.com/sahifa"
    conf.facebook_url = "https://www.facebook.com/sahifa"
    conf.youtube_url = "https://www.youtube.com/@sahifa"
    conf.telegram_url = "https://t.me/sahifa"
    conf.whatsapp_url = "https://whatsapp.com/channel/sahifa"
    conf.save()


def ensure_sections(home: HomePage) -> dict[str, SectionPage]:
    sections = {}
    for slug, title, intro, _ in SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = home.add_child(
                instance=SectionPage(
                    title=title,
                    slug=slug,
                    intro=intro,
                    show_in_menus=True,
                    opinion=slug in OPINION_SECTIONS,
                )
            )
            section.save_revision().publish()
        sections[slug] = section
    return sections


def build_content(build_dir: Path, only: list[str] | None = None) -> list[tuple[str, Path]]:
    """Copy the ninjs files to a build folder and draw the pictures they
    reference beside them."""
    build_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for slug, _, _, filename in SECTIONS:
        source = CONTENT_DIR / filename
        if not source.exists() or (only and slug not in only):
            continue
        target = build_dir / filename
        shutil.copyfile(source, target)
        for item in json.loads(source.read_text(encoding="utf-8")):
            for assoc in item.get("associations", []):
                caption = " ".join(d["value"] for d in assoc.get("descriptions", []))
                for rendition in assoc.get("renditions", []):
                    width, height = int(rendition["width"]), int(rendition["height"])
                    ensure_picture(
                        build_dir / rendition["href"],
                        width,
                        height,
                        pick_scene(slug, caption, portrait=height > width),
                    )
        files.append((slug, target))
    return files


# The reference story leads the demo home page by an editor's pin; every
# other place on the fronts is filled automatically.
DEMO_LEAD = "urn:sahifa:demo:pol-001"


def ensure_front_pins(home: HomePage) -> None:
    home = HomePage.objects.get(pk=home.pk)
    lead = ArticlePage.objects.filter(source_uri=DEMO_LEAD).first()
    if lead is None or home.front_pins.exists():
        return
    home.front_pins.add(HomePin(article=lead, zone="lead", position=1))
    home.save_revision().publish()


def ensure_author_photos(build_dir: Path) -> None:
    """An illustrated portrait for each demo author who has no photo."""
    names = list(AUTHOR_ROLES)
    for author in Author.objects.filter(name__in=names, photo__isnull=True):
        role = AUTHOR_ROLES[author.name]
        path = build_dir / "authors" / f"author-{names.index(author.name) + 1}.jpg"
        # «محررة», «مراسلة»: a feminine title, a woman's portrait.
        ensure_picture(
            path, 800, 1000, "portrait-f" if role.split()[0].endswith("ة") else "portrait"
        )
        with path.open("rb") as handle:
            image = SahifaImage(
                title=author.name,
                description=f"صورة {author.name}",
                caption=f"{author.name}، {role}",
                agency="رسم توضيحي",
                source_uri=f"urn:sahifa:demo:author-{names.index(author.name) + 1}",
            )
            image.file = ImageFile(handle, name=path.name)
            image._set_image_file_metadata()  # what Wagtail's upload form does
            image.save()
        author.photo = image
        author.save(update_fields=["photo"])


def ensure_demo_users(password: str) -> list[str]:
    ensure_newsroom_roles()
    User = get_user_model()
    created = []
    for username, first_name, group_name in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name}
        )
        if was_created:
            user.set_password(password)
            user.is_staff = group_name is None
            user.is_superuser = group_name is None
            user.save()
            created.append(username)
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
    return created


def load_demo(build_dir: Path, password: str, log=print, only: list[str] | None = None) -> int:
    """Load everything; safe to run again (the importer updates by `uri`)."""
    with transaction.atomic():
        home = ensure_site()
        ensure_demo_settings(home)
        sections = ensure_sections(home)
    count = 0
    for slug, path in build_content(build_dir, only):
        pages = import_file(path, section=sections[slug])
        count += len(pages)
        log(f"  {slug}: {len(pages)} مقالاً")
    for author in Author.objects.filter(name__in=AUTHOR_ROLES, role=""):
        author.role = AUTHOR_ROLES[author.name]
        author.bio = f"{author.name}، {author.role} في صحيفة."
        author.save()
    ensure_author_photos(build_dir)
    ensure_front_pins(home)
    ensure_demo_users(password)
    seed_audience()
    return count
