"""Writing an archive: rows streamed to spooled members, then one tar with the manifest first."""

import hashlib
import io
import json
import tarfile
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from symposium.archive.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    ArchiveError,
    ExactJSONEncoder,
    RowSerializer,
    content_models,
    file_fields,
    member_name,
    stored_names,
    user_models,
    uses_natural_key,
)

CHUNK_SIZE = 2000
COPY_BUFFER = 1024 * 1024


def export_site(target, *, include_users=False, include_password_hashes=False, progress=None):
    """Write the archive to `target` (a path, or a binary stream such as stdout); return the manifest."""
    progress = progress or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="symposium-export-") as workdir:
        members = []
        kept_users = staff_usernames() if include_users else {}
        models_to_write = (user_models() if include_users else []) + content_models()
        for index, model in enumerate(models_to_write, start=1):
            members.append(
                write_rows(
                    model,
                    Path(workdir),
                    index,
                    kept_users,
                    include_password_hashes=include_password_hashes,
                    progress=progress,
                )
            )
        media = list(media_members(models_to_write, progress))
        manifest = build_manifest(members + media, include_users, include_password_hashes)
        write_tar(target, manifest, Path(workdir), progress)
    return manifest


def staff_usernames():
    return dict(
        get_user_model()
        ._base_manager.filter(models.Q(is_staff=True) | models.Q(is_superuser=True))
        .values_list("pk", get_user_model().USERNAME_FIELD)
    )


def write_rows(model, workdir, index, kept_users, *, include_password_hashes, progress):
    name = member_name(index, model)
    counter = Counted(rows(model, kept_users, include_password_hashes), model, progress)
    path = workdir / name.replace("/", "_")
    with path.open("w", encoding="utf-8") as stream:
        RowSerializer(kept_users=kept_users).serialize(
            counter,
            stream=stream,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=uses_natural_key(model),
            cls=ExactJSONEncoder,
        )
    progress(f"{model._meta.label_lower}: {counter.count:,} rows")
    return {
        "name": name,
        "model": model._meta.label_lower,
        "count": counter.count,
        "bytes": path.stat().st_size,
        "sha256": file_sha256(path),
        "staged": path.name,
    }


def rows(model, kept_users, include_password_hashes):
    queryset = model._base_manager.order_by("pk")
    if model is get_user_model():
        queryset = queryset.filter(pk__in=list(kept_users)).prefetch_related("groups", "user_permissions")
        for user in queryset.iterator(chunk_size=CHUNK_SIZE):
            if not include_password_hashes:
                user.password = make_password(None)
            yield user
        return
    natural = [field.name for field in model._meta.concrete_fields if by_natural_key(field)]
    if natural:
        queryset = queryset.select_related(*natural)
    yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def by_natural_key(field):
    """A foreign key the serializer writes as a natural key, so the query fetches its target too."""
    target = field.related_model
    return (
        field.is_relation
        and target is not get_user_model()
        and not RowSerializer.pk_kept(target)
        and hasattr(target, "natural_key")
    )


class Counted:
    """Rows passed through, counted, with a progress line every 10,000."""

    def __init__(self, iterable, model, progress):
        self.iterable, self.model, self.progress, self.count = iterable, model, progress, 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            if self.count % 10_000 == 0:
                self.progress(f"{self.model._meta.label_lower}: {self.count:,} rows…")
            yield item


def media_names(archived_models):
    """Every stored file the archived rows name, once each, in a stable order."""
    seen = set()
    for model in archived_models:
        for field in file_fields(model):
            names = model._base_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
            for name in names.values_list(field.name, flat=True).distinct().order_by(field.name).iterator():
                for stored in stored_names(field, name):
                    if stored not in seen:
                        seen.add(stored)
                        yield stored


def media_members(archived_models, progress):
    count = 0
    for name in media_names(archived_models):
        if not default_storage.exists(name):
            progress(f"media: {name} is named by a row but missing from storage; left out")
            continue
        digest, size = storage_sha256(name)
        count += 1
        yield {"name": MEDIA_PREFIX + name, "bytes": size, "sha256": digest}
    progress(f"media: {count:,} files")


def build_manifest(members, include_users, include_password_hashes):
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": applied_migrations(),
        "include_users": include_users,
        "include_password_hashes": include_users and include_password_hashes,
        "members": members,
    }


def applied_migrations():
    """The migrations the rows match, so an older site refuses rows with fields it does not have."""
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def write_tar(target, manifest, workdir, progress):
    public = {**manifest, "members": [without_staging(member) for member in manifest["members"]]}
    manifest_bytes = json.dumps(public, ensure_ascii=False, indent=1).encode()
    started = time.monotonic()
    if isinstance(target, str | Path):
        mode = "w:gz" if str(target).endswith((".gz", ".tgz")) else "w"
        with tarfile.open(target, mode, format=tarfile.PAX_FORMAT) as tar:
            fill_tar(tar, manifest, manifest_bytes, workdir)
    else:
        with tarfile.open(fileobj=target, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            fill_tar(tar, manifest, manifest_bytes, workdir)
    progress(f"archive written in {time.monotonic() - started:.1f} s")


def fill_tar(tar, manifest, manifest_bytes, workdir):
    add_member(tar, MANIFEST_NAME, len(manifest_bytes), io.BytesIO(manifest_bytes))
    for member in manifest["members"]:
        if "staged" in member:
            with (workdir / member["staged"]).open("rb") as stream:
                add_member(tar, member["name"], member["bytes"], stream)
        else:
            add_media(tar, member)


def add_media(tar, member):
    name = member["name"].removeprefix(MEDIA_PREFIX)
    with default_storage.open(name, "rb") as stream:
        checked = HashingReader(stream)
        add_member(tar, member["name"], member["bytes"], checked)
    if checked.hexdigest() != member["sha256"]:
        raise ArchiveError(f"The media file {name} changed while it was archived; export again.")


def add_member(tar, name, size, stream):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o644
    tar.addfile(info, stream)


def without_staging(member):
    return {key: value for key, value in member.items() if key != "staged"}


class HashingReader:
    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self):
        return self.digest.hexdigest()


def file_sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(COPY_BUFFER):
            digest.update(chunk)
    return digest.hexdigest()


def storage_sha256(name):
    digest, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as stream:
        while chunk := stream.read(COPY_BUFFER):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
