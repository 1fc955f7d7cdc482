"""The database part of a backup, one way per engine: SQLite's online backup
API, PostgreSQL's pg_dump/pg_restore (custom format). Both read one
consistent snapshot while the site keeps serving and writing."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

from .errors import BackupError

# File name of the dump inside the archive, per engine.
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def server_version() -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    number = connection.pg_version  # e.g. 150018
    return f"{number // 10000}.{number % 10000}"


def is_empty() -> bool:
    """No tables at all: a database created but never migrated."""
    return not connection.introspection.table_names()


def dump(folder: Path) -> Path:
    """Write the database to `folder`; returns the file."""
    target = folder / DUMP_NAMES[vendor()]
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # The backup API waits forever on a connection's own open write.
            raise BackupError("a SQLite backup cannot run inside a transaction")
        connection.ensure_connection()
        # One step: the source stays read-locked for the copy, so the copy is
        # one consistent state even while other processes write (they wait,
        # or in WAL mode carry on and are not included).
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        _pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")
    return target


def load(source: Path, force: bool) -> None:
    """Replace the database with `source`. SQLite: the backup API copies the
    whole file over the current one. PostgreSQL: pg_restore in one
    transaction (all or nothing); with force, objects in the archive are
    dropped first."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as dump_file:
            dump_file.backup(connection.connection)
        dump_file.close()
        return
    connection.close()  # pg_restore needs no session of ours in the way
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if force:
        options += ["--clean", "--if-exists"]
    _pg("pg_restore", *options, str(source))


def pg_binary(name: str) -> str:
    """SAHIFA_BACKUP_PG_BINDIR, else the newest Debian PostgreSQL (pg_dump
    must be at least the server's version), else PATH."""
    folders = [settings.SAHIFA_BACKUP_PG_BINDIR] if settings.SAHIFA_BACKUP_PG_BINDIR else []
    folders += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found: install postgresql-client or set SAHIFA_BACKUP_PG_BINDIR"
        )
    return found


def _pg(program: str, *args: str) -> None:
    db = connection.settings_dict
    command = [pg_binary(program), *args, f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        command.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        command.append(f"--port={db['PORT']}")
    if db.get("USER"):
        command.append(f"--username={db['USER']}")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            f"{program} failed ({result.returncode}): {result.stderr.strip()[-2000:]}"
        )


def pg_tool_version() -> str:
    result = subprocess.run(
        [pg_binary("pg_dump"), "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()
