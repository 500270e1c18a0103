"""The Chinese catalogue: complete, never fuzzy, holding every string of the interface, and compiled."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from symposium.catalogue import NOT_SCANNED, catalogue_paths, compile_catalogues, translated_locales

CHINESE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_language_but_english_has_a_catalogue():
    assert translated_locales() == ["zh_Hans"]
    assert catalogue_paths() == [CHINESE]


def test_no_chinese_entry_is_untranslated_or_fuzzy():
    catalogue = polib.pofile(str(CHINESE))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_every_chinese_entry_keeps_the_placeholders_of_its_english():
    wrong = [
        entry.msgid
        for entry in polib.pofile(str(CHINESE))
        for text in translations(entry)
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
    ]
    assert wrong == []


def test_the_catalogue_holds_every_string_of_the_interface_and_no_other(tmp_path, settings, monkeypatch):
    """makemessages, run on a copy of the project, finds exactly the strings the catalogue holds.

    A string wrapped for translation but never added (or one no longer used)
    fails here: run `make messages` and translate what it adds.
    """
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext is needed to find the interface's strings: `make gettext` installs it.")
    copy = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SCANNED, "__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("updatetranslations", verbosity=0)
    found = {key(entry) for entry in polib.pofile(str(copy / CHINESE.relative_to(settings.BASE_DIR)))}
    held = {key(entry) for entry in polib.pofile(str(CHINESE))}
    assert {"missing from the catalogue": found - held, "no longer used": held - found} == {
        "missing from the catalogue": set(),
        "no longer used": set(),
    }


def test_compiling_needs_no_gettext_and_django_reads_the_result(tmp_path, settings):
    folder = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(CHINESE, folder)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    assert compile_catalogues() == [folder / "django.mo"]
    assert compile_catalogues() == []  # up to date
    mo = polib.mofile(str(folder / "django.mo"))
    assert mo.find("What they said").msgstr == "发言摘录"


def test_pages_read_the_compiled_catalogue():
    with translation.override("zh-hans"):
        assert translation.gettext("What they said") == "发言摘录"
        assert translation.ngettext("%(count)s quote", "%(count)s quotes", 2) % {"count": 2} == "2 条发言"
    with translation.override("en"):
        assert translation.gettext("What they said") == "What they said"
