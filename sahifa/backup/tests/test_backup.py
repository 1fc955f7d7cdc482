"""manage.py backup / restore: a round trip of a whole site into a fresh
database and media folder (SQLite here, PostgreSQL under
scripts/with-postgres.sh: a second database on the same cluster), compared
article by article, revision by revision and file by file; and the archives
restore must refuse."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from sahifa.articles.models import ArticlePage
from sahifa.backup import services
from sahifa.listen.models import ArticleAudio
from sahifa.listen.services import generate

from .fingerprint import site_fingerprint

ROOT = Path(settings.BASE_DIR)
FINGERPRINT = (
    "import django; django.setup(); from sahifa.backup.tests.fingerprint import main; main()"
)


def build_site(make_article, make_image):
    """Articles with hero images (and renditions), tags, published edits,
    a draft, an unpublished story, and generated audio."""
    first, second = make_image(title="صورة أولى"), make_image(title="صورة ثانية", size=(800, 600))
    economy = make_article(title="الاقتصاد ينمو", hero=first, tags=["اقتصاد", "أسواق"])
    sport = make_article(title="فوز في الدوري", hero=second, authors=["سارة علي"])
    make_article(title="خبر لم يُنشر بعد", publish=False)
    economy.title = "الاقتصاد ينمو بنسبة ٣٪"
    economy.dek = "تعديل بعد النشر"
    economy.save_revision().publish()
    sport.dek = "مسودة تعديل لم تُنشر"
    sport.save_revision()
    for image in (first, second):
        image.get_rendition("fill-96x64|format-webp")
        image.get_rendition("width-800")
    for page in (economy, sport):
        generate(page.pk)


def restored_env(tmp_path: Path, database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sahifa.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "SAHIFA_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "backup-test-not-secret",
        "REDIS_URL": "",
        "SAHIFA_AUDIENCE_REDIS_URL": "",
        "TASKS_BACKEND": "immediate",
    }


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def restored_fingerprint(env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", FINGERPRINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout)


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the same engine as the tests'."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"sahifa_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_article_revision_image_and_audio_file(
    make_article, make_image, fresh_database, tmp_path
):
    build_site(make_article, make_image)
    source = site_fingerprint()
    assert len(source["articles"]) == 3
    assert len(source["revisions"]) == 5  # one per article, a published edit, a draft
    assert sum(len(image["renditions"]) for image in source["images"]) >= 4
    assert ArticleAudio.objects.filter(status=ArticleAudio.READY).count() == 2
    assert all(item["audio"][1] and item["timings"][1] for item in source["audio"])

    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    manifest = services.read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["articles"]
    assert {"django", "wagtail", "python", "sahifa", "database"} <= set(manifest["versions"])
    assert len([n for n in manifest["files"] if n.startswith("media/")]) == len(source["media"])

    env = restored_env(tmp_path, fresh_database)
    out = manage(env, "restore", str(archive)).stdout
    assert "Restored" in out
    restored = restored_fingerprint(env)
    for part in ("articles", "revisions", "images", "audio", "media"):
        assert restored[part] == source[part], part

    # Now the target is not empty: refused, unless --force.
    refused = manage(env, "restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    manage(env, "restore", "--force", str(archive))
    assert restored_fingerprint(env) == restored


# -- what restore refuses ------------------------------------------------------
def rewrite(archive: Path, change_manifest=None, change_file=None) -> Path:
    """A copy of the archive with its manifest or one media file altered."""
    copy = archive.with_name("altered-" + archive.name)
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        altered = False
        for member in source:
            data = source.extractfile(member).read()
            if member.name == services.MANIFEST and change_manifest:
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            elif member.name.startswith("media/") and change_file and not altered:
                data = change_file(data)
                altered = True
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


@pytest.fixture
def archive(make_article, make_image, tmp_path):
    make_article(title="خبر في النسخة", hero=make_image())
    path = tmp_path / "site.tar"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def refusal(path, *args) -> str:
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), *args, stdout=io.StringIO())
    return str(error.value)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_file_is_refused_before_anything_changes(archive):
    damaged = rewrite(archive, change_file=lambda data: data[:-1] + bytes([data[-1] ^ 1]))
    message = refusal(damaged, "--force")
    assert "damaged" in message
    assert ArticlePage.objects.filter(title="خبر في النسخة").exists()


@pytest.mark.django_db(transaction=True)
def test_an_archive_from_newer_code_is_refused(archive):
    def future(manifest):
        manifest["migrations"]["articles"].append("9999_from_the_future")

    message = refusal(rewrite(archive, change_manifest=future), "--force")
    assert "articles.9999_from_the_future" in message
    assert "unknown here" in message


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_the_other_engine_is_refused(archive):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def engine(manifest):
        manifest["database"]["vendor"] = other

    assert f"holds a {other} database" in refusal(rewrite(archive, change_manifest=engine))


@pytest.mark.django_db(transaction=True)
def test_a_database_with_tables_is_not_replaced_without_force(archive):
    assert "not empty" in refusal(archive)


def test_what_is_not_an_archive_is_refused(tmp_path):
    junk = tmp_path / "notes.tar"
    junk.write_bytes(b"not a tar file at all" * 100)
    assert "not a Sahifa backup" in refusal(junk)
    assert "no such file" in refusal(tmp_path / "missing.tar")
