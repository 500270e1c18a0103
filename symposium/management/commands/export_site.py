import sys

from django.core.management.base import BaseCommand, CommandError

from symposium.archive import ArchiveError, export_site


class Command(BaseCommand):
    help = (
        "Write the whole site (content, tags, topics, redirects, revisions, media) to one archive; "
        "ARCHIVE ending in .gz or .tgz is compressed, - writes to stdout. Progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive file to write, or - for stdout.")
        parser.add_argument("--include-users", action="store_true", help="Also archive staff accounts and groups.")
        parser.add_argument(
            "--include-password-hashes",
            action="store_true",
            help="With --include-users: keep the accounts' password hashes (otherwise they cannot log in).",
        )

    def handle(self, *args, archive, include_users, include_password_hashes, **options):
        self.verbosity = options["verbosity"]
        if include_password_hashes and not include_users:
            raise CommandError("--include-password-hashes needs --include-users.")
        target = sys.stdout.buffer if archive == "-" else archive
        try:
            manifest = export_site(
                target,
                include_users=include_users,
                include_password_hashes=include_password_hashes,
                progress=self.progress,
            )
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        rows = sum(member.get("count", 0) for member in manifest["members"])
        media = sum(1 for member in manifest["members"] if "count" not in member)
        self.progress(f"Exported {rows:,} rows and {media:,} media files to {archive}.")

    def progress(self, message):
        if self.verbosity:
            self.stderr.write(message)
