"""Backups of a running site: the database as one consistent snapshot, then the media files.

SQLite is copied with its online backup API in a single step: one read
transaction, so the copy is the database as of one moment, while WAL lets
the site keep writing beside it. PostgreSQL is dumped with `pg_dump`
(custom format), which reads inside one repeatable-read snapshot. Media
files are copied after the snapshot, so every file a row of it names is
there, unless an editor replaced that very image while the backup ran (the
old file is deleted when the change commits).

A backup is a folder: `backup.json`, `database.sqlite3` or `database.pgdump`,
and `media/` (or, with media in object storage, a note in backup.json).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

from symposium.archive.format import content_models
from symposium.cache import forget_everything

FORMAT_NAME = "symposium-backup"
FORMAT_VERSION = 1
MANIFEST = "backup.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
OBJECT_STORAGE_NOTE = (
    "Media is in object storage ({storage}) and was not copied: back the bucket up on its own "
    "(versioning with a lifecycle rule, or replication to a second bucket or region)."
)


# How long a backup waits for a database another connection holds locked (never, in WAL mode, but recovery).
LOCKED_SECONDS = 30


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is one line for the operator."""


def backup(directory, *, progress=print):
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new folder for each backup.")
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {vendor}.")
    target.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    database_file = target / DATABASE_FILES[vendor]
    snapshot_sqlite(database_file) if vendor == "sqlite" else dump_postgres(database_file)
    progress(f"database: {database_file.name}, {database_file.stat().st_size:,} bytes")
    media = copy_media_out(target / "media")
    progress(f"media: {media.get('files', 0):,} files" if "files" in media else media["note"])
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database_vendor": vendor,
        "database_file": database_file.name,
        "media": media,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return manifest


def sqlite_path():
    name = str(connection.settings_dict["NAME"])
    return name, name.startswith("file:")


def snapshot_sqlite(path):
    name, uri = sqlite_path()
    source = sqlite3.connect(name, uri=uri, timeout=30)
    target = sqlite3.connect(path)
    try:
        with target:
            # pages=-1: the whole database in one step, one read transaction.
            source.backup(target, progress=give_up_after(LOCKED_SECONDS))
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite backup failed: {error}.") from error
    finally:
        target.close()
        source.close()


def give_up_after(seconds):
    """sqlite3 retries a locked database for ever; this stops it (called after each try)."""
    deadline = time.monotonic() + seconds

    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(f"The database stayed locked for {seconds} s; nothing was copied. Try again.")

    return progress


def postgres_arguments():
    settings = connection.settings_dict
    arguments = [f"--dbname={settings['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments.append(f"{option}={settings[key]}")
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def run_postgres_tool(tool, *arguments):
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client of the server's version.")
    connection_arguments, environment = postgres_arguments()
    result = subprocess.run(  # noqa: S603  (a PostgreSQL tool found on PATH, with our own arguments)
        [executable, *connection_arguments, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        message = " ".join(result.stderr.split()) or f"exit status {result.returncode}"
        raise BackupError(f"{tool} failed: {message}")


def dump_postgres(path):
    run_postgres_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}")


def local_media_root():
    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def copy_media_out(target):
    root = local_media_root()
    if root is None:
        return {"note": OBJECT_STORAGE_NOTE.format(storage=type(default_storage).__name__)}
    target.mkdir()
    count = 0
    for source in sorted(root.rglob("*")):
        if source.is_file():
            destination = target / source.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            count += 1
    return {"files": count}


def read_manifest(directory):
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory} is not a Symposium backup (no readable {MANIFEST}).") from error
    if manifest.get("format") != FORMAT_NAME or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"{directory} is not a Symposium backup this site can read.")
    if not (Path(directory) / manifest["database_file"]).is_file():
        raise BackupError(f"{directory} has no {manifest['database_file']}: the backup is incomplete.")
    return manifest


def restore(directory, *, force=False, progress=print):
    manifest = read_manifest(directory)
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database_vendor']} database and this site uses {connection.vendor}: "
            "move between databases with export_site and import_site."
        )
    if not force and site_has_content():
        raise BackupError("This site already has content: restoring replaces all of it; pass --force to go ahead.")
    database_file = Path(directory) / manifest["database_file"]
    restore_sqlite(database_file) if connection.vendor == "sqlite" else restore_postgres(database_file)
    progress(f"database restored from {database_file.name}")
    copied = copy_media_in(Path(directory) / "media")
    progress(f"media: {copied:,} files restored" if copied is not None else manifest["media"].get("note", ""))
    forget_everything()
    return manifest


def site_has_content():
    try:
        return any(model._base_manager.exists() for model in content_models())
    except DatabaseError:  # no tables yet: a new database
        return False
    finally:
        connection.close()


def restore_sqlite(path):
    name, uri = sqlite_path()
    connection.close()
    source = sqlite3.connect(path)
    target = sqlite3.connect(name, uri=uri, timeout=30)
    try:
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite restore failed: {error}.") from error
    finally:
        target.close()
        source.close()


def restore_postgres(path):
    connection.close()
    run_postgres_tool(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", str(path)
    )


def copy_media_in(source):
    if not source.is_dir():
        return None
    count = 0
    for path in sorted(source.rglob("*")):
        if path.is_file():
            name = path.relative_to(source).as_posix()
            if default_storage.exists(name):
                default_storage.delete(name)
            with path.open("rb") as stream:
                default_storage.save(name, File(stream))
            count += 1
    return count
