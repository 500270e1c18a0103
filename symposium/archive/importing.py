"""Reading an archive: every check first, then one transaction, then the search index and the caches.

Two passes over the tar. The first reads every member and checks it against
the manifest (names, order, sizes, SHA-256, row counts), the archive's schema
against this site's, and that the site is empty (or `merge` was asked for);
nothing is written. The second loads the rows in one transaction and writes
the media files inside it, deleting them again if anything fails.

Merge: a row whose primary key (accounts and groups: username and name) is
already in the site is updated to the archive's values; any other row is
added; nothing is deleted. An account archived without its password hash
keeps the password it has here (a new one gets an unusable password).
"""

import contextlib
import gzip
import hashlib
import json
import shutil
import sys
import tarfile
import tempfile
import time
import zlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from symposium.archive.format import (
    DATA_PREFIX,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    ArchiveError,
    content_models,
    is_safe_media_name,
    user_models,
    uses_natural_key,
)
from symposium.cache import forget_everything

BATCH_SIZE = 500
READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError)


def import_site(source, *, merge=False, progress=None):
    """Load the archive at `source` (a path, or "-" for stdin); return the manifest."""
    progress = progress or (lambda message: None)
    with readable_path(source) as path:
        manifest = verify(path, progress)
        check_schema(manifest)
        if not merge:
            check_empty()
        check_media_clashes(manifest)
        load(path, manifest, merge=merge, progress=progress)
    return manifest


@contextlib.contextmanager
def readable_path(source):
    """A path that can be read twice: stdin is copied to a temporary file first."""
    if str(source) != "-":
        path = Path(source)
        if not path.is_file():
            raise ArchiveError(f"{source}: no such file.")
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="symposium-import-", suffix=".tar") as copy:
        shutil.copyfileobj(sys.stdin.buffer, copy)
        copy.flush()
        yield Path(copy.name)


@contextlib.contextmanager
def opened(path):
    try:
        tar = tarfile.open(path, mode="r|*")  # noqa: SIM115  (closed below, once its errors can be told apart)
    except READ_ERRORS as error:
        raise ArchiveError(f"{path} is not a Symposium archive (not a tar file: {error}).") from error
    try:
        with tar:
            yield tar
    except (tarfile.ReadError, EOFError) as error:
        if "unexpected end of data" in str(error) or isinstance(error, EOFError):
            raise ArchiveError(f"{path} is truncated: it ends inside {tar_position(tar)} ({error}).") from error
        raise ArchiveError(f"{path} is damaged ({error}).") from error
    except (tarfile.TarError, zlib.error, gzip.BadGzipFile) as error:
        raise ArchiveError(f"{path} is damaged ({error}).") from error


def tar_position(tar):
    return repr(tar.members[-1].name) if tar.members else "its first member"


def streamed(tar):
    """Members one by one; the tar module would otherwise keep every header it has passed."""
    while (info := tar.next()) is not None:
        yield info
        tar.members = []


def read_manifest(tar, path):
    first = tar.next()
    if first is None or first.name != MANIFEST_NAME or not first.isfile():
        raise ArchiveError(f"{path} is not a Symposium archive (it does not start with {MANIFEST_NAME}).")
    try:
        manifest = json.loads(tar.extractfile(first).read())
    except (ValueError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{path} has an unreadable {MANIFEST_NAME} ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ArchiveError(f"{path} is not a Symposium archive (its manifest names no {FORMAT_NAME} format).")
    if manifest.get("version") != FORMAT_VERSION:
        raise ArchiveError(
            f"{path} is in archive format version {manifest.get('version')!r}; "
            f"this site reads version {FORMAT_VERSION} only."
        )
    check_member_list(manifest, path)
    return manifest


def check_member_list(manifest, path):
    allowed = {model._meta.label_lower for model in user_models() + content_models()}
    members = manifest.get("members")
    if not isinstance(members, list):
        raise ArchiveError(f"{path} has a manifest without a member list.")
    for member in members:
        if not well_formed(member):
            raise ArchiveError(f"{path} has a manifest entry it cannot read: {str(member)[:80]!r}.")
        name = member["name"]
        if name.startswith(DATA_PREFIX) and member.get("model") not in allowed:
            raise ArchiveError(f"{path} holds rows of {member.get('model')!r}, which this site does not archive.")
        if name.startswith(MEDIA_PREFIX) and not is_safe_media_name(name.removeprefix(MEDIA_PREFIX)):
            raise ArchiveError(f"{path} names a media file outside the media folder: {name!r}.")
        if not name.startswith((DATA_PREFIX, MEDIA_PREFIX)):
            raise ArchiveError(f"{path} has a member the format does not know: {name!r}.")


def well_formed(member):
    return (
        isinstance(member, dict)
        and isinstance(member.get("name"), str)
        and isinstance(member.get("bytes"), int)
        and isinstance(member.get("sha256"), str)
        and (isinstance(member.get("count"), int) or not member["name"].startswith(DATA_PREFIX))
    )


def verify(path, progress):
    """Every member present, in order, with its size, checksum and row count: the archive is whole."""
    with opened(path) as tar:
        manifest = read_manifest(tar, path)
        expected = iter(manifest["members"])
        for info in streamed(tar):
            member = next(expected, None)
            if member is None or info.name != member["name"]:
                raise ArchiveError(f"{path} is corrupt: {info.name!r} is not the member its manifest lists next.")
            digest, size, lines = checksum(tar.extractfile(info))
            if size != member["bytes"] or digest != member["sha256"]:
                raise ArchiveError(f"{path} is corrupt: {info.name} does not match its checksum in the manifest.")
            if "count" in member and lines != member["count"]:
                raise ArchiveError(f"{path} is corrupt: {info.name} holds {lines} rows, not {member['count']}.")
        missing = next(expected, None)
        if missing is not None:
            raise ArchiveError(f"{path} is truncated: {missing['name']} and what follows it are missing.")
    progress(f"checked {len(manifest['members'])} members of {path}")
    return manifest


def checksum(stream):
    digest, size, lines = hashlib.sha256(), 0, 0
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
    return digest.hexdigest(), size, lines


def check_schema(manifest):
    applied = {f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()}
    if not applied:
        raise ArchiveError("This database has no tables yet: run `manage.py migrate` first.")
    missing = sorted(set(manifest.get("migrations", [])) - applied)
    if missing:
        raise ArchiveError(
            f"The archive comes from a newer version of the site ({len(missing)} migrations not applied here, "
            f"first {missing[0]}): update this site and migrate first."
        )


def check_empty():
    present = [
        f"{model._base_manager.count()} {model._meta.verbose_name_plural}"
        for model in content_models()
        if model._base_manager.exists()
    ]
    if present:
        raise ArchiveError(
            f"This site already has content ({', '.join(present[:3])}{', …' if len(present) > 3 else ''}); "
            "import into an empty site, or pass --merge to update and add to it."
        )


def check_media_clashes(manifest):
    for member in manifest["members"]:
        if not member["name"].startswith(MEDIA_PREFIX):
            continue
        name = member["name"].removeprefix(MEDIA_PREFIX)
        if default_storage.exists(name) and stored_sha256(name) != member["sha256"]:
            raise ArchiveError(f"The media file {name} already exists here with other contents; nothing imported.")


def stored_sha256(name):
    with default_storage.open(name, "rb") as stream:
        return checksum(stream)[0]


def load(path, manifest, *, merge, progress):
    written, started = [], time.monotonic()
    try:
        with transaction.atomic(), opened(path) as tar:
            read_manifest(tar, path)
            loaded = []
            for info, member in zip(streamed(tar), manifest["members"], strict=False):
                stream = tar.extractfile(info)
                if member["name"].startswith(DATA_PREFIX):
                    loaded.append(load_rows(stream, member, merge=merge, progress=progress))
                else:
                    store_media(stream, member, written)
            progress(f"media: {len(written):,} files written")
            finish(loaded, progress)
            progress(f"rows and media loaded in {time.monotonic() - started:.1f} s")
    except BaseException:
        remove_written(written)
        raise


def remove_written(names):
    """The media files an import wrote, and on a local disk the folders it made for them."""
    for name in names:
        default_storage.delete(name)
    if not isinstance(default_storage, FileSystemStorage):
        return
    root = Path(default_storage.location).resolve()
    for name in names:
        folder = (root / name).parent
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def load_rows(stream, member, *, merge, progress):
    model = model_of(member)
    rows = serializers.deserialize("jsonl", stream, handle_forward_references=False)
    batch, count = [], 0
    try:
        for row in rows:
            if row.object._meta.label_lower != member["model"]:
                raise ArchiveError(f"{member['name']} holds a {row.object._meta.label_lower} row.")
            count += 1
            if merge or uses_natural_key(model) or row.m2m_data:
                save_one(row)
                continue
            batch.append(row.object)
            if len(batch) == BATCH_SIZE:
                insert(model, batch)
                batch = []
        insert(model, batch)
    except serializers.base.DeserializationError as error:
        raise ArchiveError(f"{member['name']}: a row could not be read ({one_line(error)}).") from error
    except (IntegrityError, DatabaseError) as error:
        raise ArchiveError(f"{member['name']}: the database refused a row ({one_line(error)}).") from error
    progress(f"{member['model']}: {count:,} rows")
    return model


def one_line(error):
    return " ".join(str(error).split())


def model_of(member):
    return next(model for model in user_models() + content_models() if model._meta.label_lower == member["model"])


def save_one(row):
    """Update or add one row as it is in the archive (no save() logic, no revision, no signal work)."""
    obj = row.object
    if obj._meta.model is get_user_model() and not is_password_usable(obj.password) and obj.pk is not None:
        existing = get_user_model()._base_manager.filter(pk=obj.pk).values_list("password", flat=True).first()
        obj.password = existing or obj.password
    row.save()


def insert(model, objects):
    """Rows as they are, ids and timestamps included, many per statement (an empty site has nothing to update)."""
    if objects:
        model._base_manager._insert(objects, fields=model._meta.local_concrete_fields, raw=True)


def store_media(stream, member, written):
    name = member["name"].removeprefix(MEDIA_PREFIX)
    content = stream.read()
    if hashlib.sha256(content).hexdigest() != member["sha256"]:
        raise ArchiveError(f"{member['name']} changed while it was being imported.")
    if default_storage.exists(name):
        return  # checked before: the same file
    stored = default_storage.save(name, ContentFile(content))
    written.append(stored)
    if stored != name:
        raise ArchiveError(f"The storage renamed {name} to {stored}; nothing imported.")


def finish(loaded, progress):
    """Foreign keys checked now (a clear error rather than one at commit), ids continue after the archive's."""
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    except IntegrityError as error:
        raise ArchiveError(f"The archive's rows point at rows it does not hold ({one_line(error)}).") from error
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(statement)
    transaction.on_commit(lambda: after_import(progress))


def after_import(progress):
    from symposium.search.index import rebuild_index  # noqa: PLC0415  (the index imports the content models)

    started = time.monotonic()
    with transaction.atomic():
        documents = rebuild_index()
    forget_everything()
    progress(f"search index: {documents:,} documents in {time.monotonic() - started:.1f} s")
