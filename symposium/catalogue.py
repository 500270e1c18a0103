"""The interface's translation catalogues (locale/<language>/LC_MESSAGES/django.po).

Compiled with polib at set-up, so a machine without GNU gettext can run the
site; finding the strings to translate (makemessages) does need gettext.
"""

from pathlib import Path

from django.conf import settings

DOMAIN = "django"
# Folders whose strings readers never see, or that are not ours.
NOT_SCANNED = [".venv", "var", "tests", "benchmarks", "node_modules", ".git"]


def translated_locales():
    """The locales of every interface language but the default: ["zh_Hans"]."""
    from django.utils.translation import to_locale  # noqa: PLC0415  (settings must be configured first)

    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_paths():
    """Every .po file of the project's catalogues."""
    return sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogues(*, force=False):
    """Writes each catalogue's .mo beside it when missing or older than its .po; returns those written.

    Fuzzy and untranslated entries are left out of the .mo (polib's
    translated_entries), so a page shows English rather than a guess.
    """
    import polib  # noqa: PLC0415  (only set-up and tests need it)

    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written
