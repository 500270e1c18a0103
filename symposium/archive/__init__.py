"""A portable archive of the whole site: every row of its content and the media files it names.

One tar file (gzip-compressed when its name ends in .gz or .tgz):

- `manifest.json` first: the format's name and version, when and from which
  database it was made, the migrations its rows match, and for every other
  member its byte size, SHA-256 and (for data) its number of rows;
- `data/NNN-app.model.jsonl`, one per model in dependency order: Django's JSON
  Lines serialization, primary keys kept (quote permalinks and redirects name
  them), accounts and groups by natural key (username, name);
- `media/<name>`: every file an archived file field names, image renditions
  included.

Which models are archived is read from the app registry, so a new field or a
new content model is archived with no change here; what is derived (the search
index), queued (forgets and purges) or private (sessions, login attempts, the
admin log) is listed in EXCLUDED. Accounts only with `include_users`.
"""

from symposium.archive.exporting import export_site
from symposium.archive.format import ArchiveError
from symposium.archive.importing import import_site

__all__ = ["ArchiveError", "export_site", "import_site"]
