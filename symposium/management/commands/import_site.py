from django.core.management.base import BaseCommand, CommandError

from symposium.archive import ArchiveError, import_site


class Command(BaseCommand):
    help = (
        "Load an archive written by export_site into this site (- reads stdin). Refuses a damaged, truncated "
        "or unknown archive, and a site that already has content unless --merge; nothing is half-imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive file to read, or - for stdin.")
        parser.add_argument(
            "--merge",
            action="store_true",
            help="Into a site with content: rows with the same id (accounts: username) are updated, "
            "others added, none deleted.",
        )

    def handle(self, *args, archive, merge, **options):
        self.verbosity = options["verbosity"]
        try:
            manifest = import_site(archive, merge=merge, progress=self.progress)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        rows = sum(member.get("count", 0) for member in manifest["members"])
        self.progress(f"Imported {rows:,} rows from {archive}; search index rebuilt.")

    def progress(self, message):
        if self.verbosity:
            self.stderr.write(message)
