"""export_site and import_site: a site comes back page for page, and a bad archive changes nothing."""

import hashlib
import io
import json
import tarfile

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, Quote
from symposium.archive.format import content_models
from symposium.models import SlugRedirect, TagTopic
from tests.archive.other_database import manage, other_vendor_database
from tests.archive.site import build_varied_site, public_pages, wipe_site
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
OLD_URL = "/articles/five-key-works-for-materials/"  # the lead article's first slug, redirected


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir(exist_ok=True)
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def forget_content_types():
    """A wiped site's content types have ids its rollback takes back: later tests must not find them cached."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("editor", password="correct horse battery", is_staff=True)


@pytest.fixture
def site(staff, committed):
    with committed():
        return build_varied_site(staff)


def export(path, *args):
    call_command("export_site", str(path), *args, verbosity=0)
    return path


def import_archive(path, django_capture_on_commit_callbacks, *args):
    """Imports as the command does in production: the index is rebuilt and pages forgotten once it commits."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_site", str(path), *args, verbosity=0)


def snapshot():
    """Every archived row, as the archive writes it: what a refused import must leave exactly as it was."""
    from django.core import serializers

    return {
        # Accounts by username: an imported account may get another id (tags are compared by name too).
        model._meta.label_lower: serializers.serialize(
            "json", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in content_models()
    }


def members(path):
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        return tar.getnames(), manifest


def rewritten(source, target, change):
    """A copy of the archive with `change(name, data) -> data` applied to each member."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old.getmembers():
            data = change(info.name, old.extractfile(info).read())
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


# Round trip


def test_every_public_page_is_the_same_after_a_round_trip(
    client, site, tmp_path, media_root, django_capture_on_commit_callbacks
):
    """Compared byte for byte, read at one pinned moment (an empty feed's build date is the clock's)."""
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        before = public_pages(client, extra=[OLD_URL])
    archive = export(tmp_path / "site.tar")
    wipe_site(media_root)
    assert client.get("/articles/five-key-works/").status_code == 404
    import_archive(archive, django_capture_on_commit_callbacks)
    with time_machine.travel(moment, tick=False):
        after = public_pages(client, extra=[OLD_URL])
    assert sorted(after) == sorted(before)
    assert len(before) > 60
    assert [url for url in before if before[url] != after[url]] == []
    # The crawl saw what the site is made of: a Chinese page, an old slug's 301, a rendition, a search hit.
    assert before["/articles/化工新材料产业座谈会要点/"][0] == 200
    assert before[OLD_URL][:2] == (301, "/articles/five-key-works/")
    assert any(url.startswith("/media/") and url.endswith(".w480.jpg") for url in before)
    assert "化工新材料产业座谈会要点" in before["/search/?q=材料"][2].decode()
    assert before["/zh-hans/articles/five-key-works-zh-hans/"][0] == 200  # the translation, in the Chinese interface


def test_what_the_public_never_sees_comes_back_too(site, tmp_path, media_root, django_capture_on_commit_callbacks):
    archive = export(tmp_path / "site.tar", "--include-users")
    rows = snapshot()
    wipe_site(media_root)
    import_archive(archive, django_capture_on_commit_callbacks)
    assert snapshot() == rows  # drafts, the scheduled article, revisions, redirects, topics, merges: every field
    assert Article.objects.get(title="A draft nobody may see").status == Article.Status.DRAFT
    assert Article.history.filter(id=site["lead"].pk).count() == 3  # created, given an image, renamed
    assert SlugRedirect.objects.filter(old_slug="five-key-works-for-materials").exists()
    assert TagTopic.objects.get().links.count() == 3


def test_accounts_stay_behind_unless_asked(site, tmp_path, media_root, django_capture_on_commit_callbacks):
    archive = export(tmp_path / "site.tar")
    wipe_site(media_root)
    import_archive(archive, django_capture_on_commit_callbacks)
    assert not get_user_model().objects.exists()
    lead = Article.objects.get(pk=site["lead"].pk)
    assert (lead.created_by, lead.last_modified_by) == (None, None)  # what they wrote is kept, unsigned
    assert not Article.history.exclude(history_user=None).exists()


def test_new_rows_after_an_import_get_fresh_ids(site, tmp_path, media_root, django_capture_on_commit_callbacks):
    archive = export(tmp_path / "site.tar")
    highest = Article.objects.order_by("-pk").first().pk
    wipe_site(media_root)
    import_archive(archive, django_capture_on_commit_callbacks)
    assert ArticleFactory().pk > highest


def test_manifest_comes_first_with_counts_and_checksums(site, tmp_path):
    names, manifest = members(export(tmp_path / "site.tar"))
    assert names[0] == "manifest.json"
    assert manifest["format"] == "symposium-archive"
    assert manifest["version"] == 1
    assert names[1:] == [member["name"] for member in manifest["members"]]
    counts = {member["model"]: member["count"] for member in manifest["members"] if "model" in member}
    assert counts["articles.article"] == Article.objects.count() == 17
    assert counts["articles.quote"] == Quote.objects.count() == 5
    assert all(len(member["sha256"]) == 64 for member in manifest["members"])
    assert "symposium.searchdocument" not in counts
    assert not any(model.startswith(("auth.", "sessions.", "axes.", "admin.")) for model in counts)


def test_a_compressed_archive_and_stdout_work_too(
    site, tmp_path, capsysbinary, media_root, django_capture_on_commit_callbacks
):
    call_command("export_site", "-", verbosity=0)
    streamed = capsysbinary.readouterr().out
    with tarfile.open(fileobj=io.BytesIO(streamed), mode="r|") as tar:
        assert tar.next().name == "manifest.json"
    compressed = export(tmp_path / "site.tar.gz")
    with tarfile.open(compressed, "r:gz") as tar:
        assert tar.getnames()[0] == "manifest.json"
    wipe_site(media_root)
    import_archive(compressed, django_capture_on_commit_callbacks)
    assert Article.objects.count() == 17


def test_import_reads_stdin(site, tmp_path, media_root, monkeypatch, django_capture_on_commit_callbacks):
    archive = export(tmp_path / "site.tar")
    wipe_site(media_root)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(archive.read_bytes())))
    import_archive("-", django_capture_on_commit_callbacks)
    assert Article.objects.count() == 17


# Accounts


def test_staff_accounts_only_with_include_users_and_no_hashes_unless_asked(
    site, django_user_model, tmp_path, media_root, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user("reader", password="not staff at all")
    archive = export(tmp_path / "site.tar", "--include-users")
    wipe_site(media_root)
    import_archive(archive, django_capture_on_commit_callbacks)
    [editor] = django_user_model.objects.all()
    assert editor.username == "editor"
    assert editor.is_staff
    assert not editor.has_usable_password()
    assert Article.objects.get(pk=site["lead"].pk).created_by == editor


def test_password_hashes_travel_when_asked(
    site, django_user_model, tmp_path, media_root, django_capture_on_commit_callbacks
):
    archive = export(tmp_path / "site.tar", "--include-users", "--include-password-hashes")
    wipe_site(media_root)
    import_archive(archive, django_capture_on_commit_callbacks)
    assert django_user_model.objects.get().check_password("correct horse battery")


# Merge


def test_merge_updates_rows_by_id_adds_the_rest_and_forgets_cached_pages(
    client, site, staff, tmp_path, django_capture_on_commit_callbacks
):
    archive = export(tmp_path / "site.tar", "--include-users")
    lead = site["lead"]
    Article.objects.filter(pk=lead.pk).update(title="Edited here since")
    Quote.objects.filter(article=lead).delete()
    local = ArticleFactory(title="Written here only")
    assert "Edited here since" in client.get(lead.get_absolute_url()).content.decode()  # now cached
    staff.set_password("a new password here")
    staff.save()
    import_archive(archive, django_capture_on_commit_callbacks, "--merge")
    assert Article.objects.get(pk=lead.pk).title == "Five key works for new materials"
    assert Quote.objects.filter(article=lead).count() == 2  # added back
    assert Article.objects.filter(pk=local.pk).exists()  # nothing deleted
    assert "Five key works for new materials" in client.get(lead.get_absolute_url()).content.decode()
    staff.refresh_from_db()
    assert staff.check_password("a new password here")  # an archive without hashes keeps the password here


# Refusals: one line, a non-zero exit, the database and the media as they were


def assert_refused(archive, message, media_root, *args):
    rows, files = snapshot(), sorted(media_root.rglob("*"))
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("import_site", str(archive), *args, verbosity=0)
    assert "\n" not in str(refusal.value)
    assert snapshot() == rows
    assert sorted(media_root.rglob("*")) == files


@pytest.fixture
def archive_and_empty_site(site, tmp_path, media_root):
    archive = export(tmp_path / "site.tar")
    wipe_site(media_root)
    return archive


def test_refuses_to_overwrite_content_without_merge(site, tmp_path, media_root):
    archive = export(tmp_path / "site.tar")
    assert_refused(archive, "already has content .* pass --merge", media_root)


def test_refuses_a_corrupt_archive(archive_and_empty_site, tmp_path, media_root):
    def flip_a_title(name, data):
        return data.replace(b"Five key works", b"Five KEY works") if name.endswith("articles.article.jsonl") else data

    corrupt = rewritten(archive_and_empty_site, tmp_path / "corrupt.tar", flip_a_title)
    assert_refused(corrupt, r"is corrupt: data/\d+-articles.article.jsonl does not match its checksum", media_root)


@pytest.mark.parametrize("where", ["manifest", "middle", "last-member"])
def test_refuses_a_truncated_archive(archive_and_empty_site, tmp_path, media_root, where):
    with tarfile.open(archive_and_empty_site) as tar:
        infos = tar.getmembers()
    inside = {"manifest": infos[0], "middle": infos[len(infos) // 2], "last-member": infos[-1]}[where]
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive_and_empty_site.read_bytes()[: inside.offset_data + inside.size // 2])
    assert_refused(truncated, "is truncated", media_root)


def test_refuses_an_archive_cut_between_members(archive_and_empty_site, tmp_path, media_root):
    with tarfile.open(archive_and_empty_site) as old, tarfile.open(tmp_path / "short.tar", "w") as new:
        for info in old.getmembers():
            if not info.name.startswith("media/"):
                new.addfile(info, old.extractfile(info))
    assert_refused(tmp_path / "short.tar", r"is truncated: media/.* missing", media_root)


def test_refuses_an_unknown_format_version(archive_and_empty_site, tmp_path, media_root):
    def version_two(name, data):
        return data.replace(b'"version": 1', b'"version": 2') if name == "manifest.json" else data

    assert_refused(rewritten(archive_and_empty_site, tmp_path / "v2.tar", version_two), "format version 2", media_root)


@pytest.mark.parametrize(
    "content", [b"", b"just some text\n", b"PK\x03\x04 a zip file", json.dumps({"format": "x"}).encode()]
)
def test_refuses_what_is_not_an_archive(db, tmp_path, media_root, content):
    path = tmp_path / "not-an-archive.tar"
    path.write_bytes(content)
    assert_refused(path, "not a Symposium archive", media_root)


def test_refuses_a_tar_without_a_manifest(db, tmp_path, media_root):
    with tarfile.open(tmp_path / "other.tar", "w") as tar:
        info = tarfile.TarInfo("notes.txt")
        tar.addfile(info, io.BytesIO(b""))
    assert_refused(tmp_path / "other.tar", "does not start with manifest.json", media_root)


def test_refuses_an_archive_from_a_newer_site(archive_and_empty_site, tmp_path, media_root):
    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("articles.9999_from_the_future")
        return json.dumps(manifest).encode()

    assert_refused(
        rewritten(archive_and_empty_site, tmp_path / "new.tar", newer), "newer version of the site", media_root
    )


@pytest.mark.parametrize("members", [None, ["data/001-taggit.tag.jsonl"], [{"name": "data/x.jsonl", "bytes": "9"}]])
def test_refuses_a_manifest_it_cannot_read(archive_and_empty_site, tmp_path, media_root, members):
    def garbled(name, data):
        return json.dumps({**json.loads(data), "members": members}).encode() if name == "manifest.json" else data

    refused = rewritten(archive_and_empty_site, tmp_path / "garbled.tar", garbled)
    assert_refused(refused, "manifest (without a member list|entry it cannot read)", media_root)


def test_refuses_a_media_name_outside_the_media_folder(archive_and_empty_site, tmp_path, media_root):
    def escape(name, data):
        return data.replace(b'"media/speakers/', b'"media/../speakers/') if name == "manifest.json" else data

    assert_refused(
        rewritten(archive_and_empty_site, tmp_path / "evil.tar", escape), "outside the media folder", media_root
    )


def test_a_row_the_database_refuses_rolls_everything_back(archive_and_empty_site, tmp_path, media_root):
    """Checksums pass but a row breaks a constraint: no row stays, and no media file written before it."""

    def two_speakers_one_slug(name, data):
        if name.endswith("articles.speaker.jsonl"):
            lines = data.splitlines(keepends=True)
            return data + lines[0].replace(b'"pk": ', b'"pk": 9')
        return data

    broken = rewritten(archive_and_empty_site, tmp_path / "broken.tar", two_speakers_one_slug)
    fixed = reseal(broken, tmp_path / "resealed.tar")
    assert_refused(fixed, "refused a row", media_root)


def reseal(source, target):
    """The archive with its manifest's sizes, checksums and counts made to match its members again."""
    with tarfile.open(source) as old:
        contents = {info.name: old.extractfile(info).read() for info in old.getmembers()}
    manifest = json.loads(contents.pop("manifest.json"))
    for member in manifest["members"]:
        data = contents[member["name"]]
        member.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        if "count" in member:
            member["count"] = data.count(b"\n")
    contents = {"manifest.json": json.dumps(manifest).encode(), **contents}
    with tarfile.open(target, "w") as new:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


# Across databases


def data_checksums(archive):
    _, manifest = members(archive)
    return {member["name"]: member["sha256"] for member in manifest["members"]}


def test_sqlite_to_postgresql_and_back_keeps_every_row_and_page(
    client, site, tmp_path, media_root, django_capture_on_commit_callbacks
):
    """Through the other vendor in a subprocess: its export is the same bytes, and the pages come back."""
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        before = public_pages(client, extra=[OLD_URL])
    archive = export(tmp_path / "site.tar", "--include-users", "--include-password-hashes")
    other = {"var_dir": tmp_path / "other"}
    with other_vendor_database(tmp_path) as url:
        manage("migrate", "--no-input", database_url=url, **other)
        manage("import_site", str(archive), database_url=url, **other)
        manage(
            "export_site",
            str(tmp_path / "back.tar"),
            "--include-users",
            "--include-password-hashes",
            database_url=url,
            **other,
        )
        refused = manage("import_site", str(archive), database_url=url, check=False, **other)
    assert refused.returncode == 1
    assert "already has content" in refused.stderr
    _, there = members(tmp_path / "back.tar")
    assert there["database_vendor"] != connection.vendor
    assert data_checksums(tmp_path / "back.tar") == data_checksums(archive)
    wipe_site(media_root)
    import_archive(tmp_path / "back.tar", django_capture_on_commit_callbacks)
    with time_machine.travel(moment, tick=False):
        after = public_pages(client, extra=[OLD_URL])
    assert [url for url in before if before[url] != after.get(url)] == []


def test_a_row_pointing_nowhere_rolls_back_rows_and_the_media_already_written(
    archive_and_empty_site, tmp_path, media_root
):
    """Found only when the foreign keys are checked, after the media files went in: they are deleted again."""

    def quote_of_a_missing_speaker(name, data):
        if name.endswith("articles.quote.jsonl"):
            return data.replace(b'"speaker": ', b'"speaker": 777', 1)
        return data

    broken = rewritten(archive_and_empty_site, tmp_path / "broken.tar", quote_of_a_missing_speaker)
    _, manifest = members(archive_and_empty_site)
    assert any(member["name"].startswith("media/") for member in manifest["members"])
    assert_refused(reseal(broken, tmp_path / "resealed.tar"), "point at rows it does not hold", media_root)


# Media in object storage


def test_media_in_a_bucket_travel_to_the_new_sites_bucket(
    s3_media, site, tmp_path, settings, django_capture_on_commit_callbacks
):
    """Built with media in one bucket (the fixture's), imported into a site whose media go to another."""
    from symposium.object_storage import media_storage_from_env

    stored = s3_media.keys()
    assert len(stored) == 8  # two images, each with three renditions
    archive = export(tmp_path / "site.tar")
    wipe_site(tmp_path / "no-local-media")
    server = s3_media.server
    new_bucket = server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env(server.environment(new_bucket))[0]}
    import_archive(archive, django_capture_on_commit_callbacks)
    assert server.keys(new_bucket) == stored
    for key in stored:
        copied = server.client().get_object(Bucket=new_bucket, Key=key)["Body"].read()
        assert copied == s3_media.read(key)["Body"].read()
