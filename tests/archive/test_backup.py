"""backup and restore: a copy taken while an editor saves holds everything committed before it began."""

import io
import json
import shutil
import sqlite3
import threading
import time

import pytest
from django.core.management import call_command

from symposium.backup import BackupError, give_up_after
from tests.archive.other_database import manage, start_manage, temporary_database

SPEAKER_WITH_PHOTO = """
from django.core.files.base import ContentFile
from tests.archive.site import png
from articles.models import Speaker
speaker = Speaker(name="Li Shousheng")
speaker.photo.save("li.png", png((30, 90, 160)))
print(speaker.photo.name)
"""
PUBLISHED_TITLES = (
    "from articles.models import Article; "
    "print('\\n'.join(Article.objects.filter(status='published').values_list('title', flat=True)))"
)


def shell(code, **site):
    return manage("shell", "--no-imports", "-c", code, **site)


VENDORS = [
    "sqlite",
    pytest.param(
        "postgresql", marks=pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
    ),
]


class Editor:
    """The editor subprocess, and a thread collecting the numbers of the articles it has committed."""

    def __init__(self, tmp_path, **site):
        self.stop_file = tmp_path / "stop-editing"
        self.process = start_manage(
            "shell", "--no-imports", "-c", "from tests.archive.editor import keep_saving; keep_saving()", **site
        )
        self.committed = []
        self.reader = threading.Thread(target=self.collect, daemon=True)
        self.reader.start()

    def collect(self):
        for line in self.process.stdout:
            if line.strip().isdigit():
                self.committed.append(int(line))

    def wait_for(self, count, timeout=60):
        deadline = time.monotonic() + timeout
        while len(self.committed) < count:
            assert time.monotonic() < deadline, f"the editor committed only {len(self.committed)} articles"
            assert self.process.poll() is None, "the editor stopped"
            time.sleep(0.05)

    def stop(self):
        self.stop_file.touch()
        self.process.wait(timeout=60)
        self.reader.join(timeout=10)


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_backup_taken_while_an_editor_saves_restores_everything_committed_before_it(tmp_path, vendor, monkeypatch):
    monkeypatch.setenv("EDITOR_STOP_FILE", str(tmp_path / "stop-editing"))
    with (
        temporary_database(vendor, tmp_path, "live") as live_url,
        temporary_database(vendor, tmp_path, "restored") as restored_url,
    ):
        live = {"database_url": live_url, "var_dir": tmp_path / "live"}
        restored = {"database_url": restored_url, "var_dir": tmp_path / "restored"}
        manage("migrate", "--no-input", **live)
        photo = shell(SPEAKER_WITH_PHOTO, **live).stdout.strip()
        editor = Editor(tmp_path, **live)
        try:
            editor.wait_for(20)
            committed_before = list(editor.committed)
            manage("backup", str(tmp_path / "backup"), **live)
            after_backup = len(editor.committed)
            editor.wait_for(after_backup + 5)  # the backup held no one up
        finally:
            editor.stop()
        manage("restore", str(tmp_path / "backup"), **restored)
        titles = shell(PUBLISHED_TITLES, **restored).stdout.split("\n")
    numbers = sorted(int(title.rsplit(" ", 1)[1]) for title in titles if title.startswith("Saved during"))
    assert set(committed_before) <= set(numbers)
    assert numbers == list(range(len(numbers)))  # one moment's copy: no gap, nothing torn
    assert len(numbers) <= len(editor.committed) + 1
    assert (tmp_path / "restored" / "media" / photo).is_file()


@pytest.mark.parametrize("vendor", VENDORS)
def test_restore_refuses_a_site_with_content_unless_forced(tmp_path, vendor):
    with temporary_database(vendor, tmp_path, "site") as url:
        site = {"database_url": url, "var_dir": tmp_path / "site"}
        manage("migrate", "--no-input", **site)
        manage("load_demo", **site)
        manage("backup", str(tmp_path / "backup"), **site)
        shell("from articles.models import Article; Article.objects.all().delete()", **site)
        refused = manage("restore", str(tmp_path / "backup"), check=False, **site)
        assert refused.returncode == 1
        assert "already has content" in refused.stderr
        forced = manage("restore", str(tmp_path / "backup"), "--force", check=False, **site)
        count = shell("from articles.models import Article; print(Article.objects.count())", **site)
    assert forced.returncode == 0, forced.stderr
    assert count.stdout.strip() == "2"


def test_backup_refuses_a_folder_with_something_in_it(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("an earlier backup")
    with temporary_database("sqlite", tmp_path, "site") as url:
        refused = manage("backup", str(tmp_path / "backup"), check=False, database_url=url, var_dir=tmp_path / "site")
    assert refused.returncode == 1
    assert "is not empty" in refused.stderr


@pytest.mark.django_db(transaction=True)  # SQLite's test database is in memory, shared only outside a transaction
def test_a_backup_with_media_in_a_bucket_says_what_to_do_instead(s3_media, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO(), stderr=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert "object storage" in manifest["media"]["note"]
    assert "versioning" in manifest["media"]["note"]
    assert not (tmp_path / "backup" / "media").exists()


def test_a_database_locked_by_another_connection_is_given_up_on(tmp_path):
    """SQLite's backup would retry for ever; it stops after its deadline with a message instead."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # a rollback-journal database: readers wait (WAL would let them read)
    source, target = sqlite3.connect(path, timeout=0.1), sqlite3.connect(tmp_path / "copy.sqlite3")
    started = time.monotonic()
    with pytest.raises(BackupError, match="stayed locked"):
        source.backup(target, progress=give_up_after(0.5), sleep=0.05)
    assert time.monotonic() - started < 5
    holder.rollback()
