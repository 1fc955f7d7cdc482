"""One archive holds a whole site: the database and every media file, with a
manifest (versions, migration state, SHA-256 of every file) that restore
checks before it touches anything.

Archive layout (a tar file; gzip when the name ends in .gz or .tgz):
    database.sqlite3 | database.pgdump   the database snapshot
    media/<path>                          MEDIA_ROOT, file by file
    manifest.json                         written last, read first

Consistency: the database is snapshotted first (one consistent state), then
media is copied. Files are only added or removed by Wagtail after the rows
that name them are written or deleted, so every file the snapshot names is
in the archive, unless it was deleted during the copy; an extra file that a
later row would have named is harmless."""

import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import tempfile
import tomllib
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import database
from .errors import BackupError

FORMAT = "sahifa-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def _sahifa_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    if pyproject.exists():
        return tomllib.loads(pyproject.read_text())["project"]["version"]
    return ""


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code base has on disk."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


class _Hashing(io.RawIOBase):
    """Reads a file for tarfile while hashing exactly what went in."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as file:
        reader = _Hashing(file)
        tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _media_files() -> list[tuple[Path, str]]:
    root = media_root()
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for file_name in sorted(files):
            path = Path(folder) / file_name
            if path.is_file() and not path.is_symlink():
                found.append((path, path.relative_to(root).as_posix()))
    return found


def _mode(path: Path, write: bool) -> str:
    gz = path.name.endswith((".gz", ".tgz"))
    return ("w:gz" if gz else "w") if write else ("r:gz" if gz else "r:")


def create(path) -> dict:
    """Write the archive to `path` (atomically: a partial file is renamed at
    the end). Returns the manifest."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    vendor = database.vendor()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {
            "sahifa": _sahifa_version(),
            "python": platform.python_version(),
            "django": _package("django"),
            "wagtail": _package("wagtail"),
            "database": f"{vendor} {database.server_version()}",
        },
        "database": {"vendor": vendor, "file": database.DUMP_NAMES[vendor]},
        "migrations": applied_migrations(),
        "files": {},
    }
    if vendor == "postgresql":
        manifest["versions"]["pg_dump"] = database.pg_tool_version()
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent) as work:
            dump = database.dump(Path(work))
            with tarfile.open(partial, _mode(path, write=True)) as tar:
                files = manifest["files"]
                files[dump.name] = _add(tar, dump, dump.name)
                Path(dump).unlink()
                for file, relative in _media_files():
                    try:
                        files[f"{MEDIA}/{relative}"] = _add(tar, file, f"{MEDIA}/{relative}")
                    except FileNotFoundError:
                        continue  # deleted since the walk: not in the snapshot either
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.now(UTC).timestamp())
                tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def read_manifest(path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with tarfile.open(path, _mode(path, write=False)) as tar:
            return _manifest(tar, path)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path}: not a Sahifa backup archive ({error})") from error


def _manifest(tar: tarfile.TarFile, path: Path) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError(f"{path}: no readable {MANIFEST}; not a Sahifa backup") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Sahifa backup (format {manifest.get('format')!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: archive format {manifest.get('format_version')}, this Sahifa reads "
            f"{FORMAT_VERSION}"
        )
    return manifest


def check_compatible(manifest: dict) -> list[str]:
    """Raise BackupError if this code and database cannot take the archive;
    returns notes (e.g. migrations to run afterwards)."""
    vendor = database.vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the archive holds a {manifest['database']['vendor']} database, but DATABASE_URL "
            f"points to {vendor}: restore it into the same kind of database"
        )
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(archived - known_migrations())
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"the archive was made by a newer or different code base: {len(unknown)} "
            f"migration(s) unknown here ({listed}). Restore it with the Sahifa version "
            f"{manifest['versions'].get('sahifa') or '?'} that made it"
        )
    missing = known_migrations() - archived
    if missing:
        return [f"{len(missing)} migration(s) newer than the archive: run manage.py migrate"]
    return []


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _extract(tar: tarfile.TarFile, manifest: dict, folder: Path) -> None:
    """Copy every file the manifest lists into `folder`, checking its size
    and SHA-256; anything else in the archive is refused."""
    expected = manifest["files"]
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile() or not _safe_name(member.name):
            raise BackupError(f"unexpected entry in the archive: {member.name!r}")
        target = folder / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tar.extractfile(member) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        want = expected[member.name]
        if digest.hexdigest() != want["sha256"] or member.size != want["size"]:
            raise BackupError(f"{member.name} is damaged (checksum differs from the manifest)")
        seen.add(member.name)
    absent = sorted(set(expected) - seen)
    if absent:
        raise BackupError(f"{len(absent)} file(s) of the manifest missing, e.g. {absent[0]}")


def _media_is_empty() -> bool:
    root = media_root()
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def restore(path, force: bool = False) -> tuple[dict, list[str]]:
    """Restore the archive into the configured database and MEDIA_ROOT.
    Refuses, before changing anything: another engine, migrations this code
    does not know, a damaged file, and (without force) a database that has
    tables or a media folder that has files. Returns (manifest, notes)."""
    path = Path(path)
    manifest = read_manifest(path)
    notes = check_compatible(manifest)
    if not force:
        if not database.is_empty():
            raise BackupError(
                "the database is not empty: restore into a new, unmigrated database, "
                "or pass --force to replace it"
            )
        if not _media_is_empty():
            raise BackupError(
                f"{media_root()} holds files: restore into an empty media folder, "
                "or pass --force to replace it"
            )
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    # Next to MEDIA_ROOT, so the media moves in by renaming.
    with tempfile.TemporaryDirectory(dir=root.parent, prefix=".sahifa-restore-") as work:
        work = Path(work)
        with tarfile.open(path, _mode(path, write=False)) as tar:
            _extract(tar, manifest, work)
        database.load(work / manifest["database"]["file"], force=force)
        if force:
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        restored_media = work / MEDIA
        if restored_media.is_dir():
            for child in restored_media.iterdir():
                os.replace(child, root / child.name)
    return manifest, notes


def describe(manifest: dict) -> str:
    media = sum(1 for name in manifest["files"] if name.startswith(f"{MEDIA}/"))
    size = sum(item["size"] for item in manifest["files"].values())
    return (
        f"{manifest['database']['vendor']} database, {media} media files, "
        f"{size / 1e6:.1f} MB, made {manifest['created_at']} "
        f"(Sahifa {manifest['versions'].get('sahifa') or '?'}, "
        f"{manifest['versions'].get('database', '')})"
    )
