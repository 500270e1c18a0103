from django.core.management.base import BaseCommand, CommandError

from symposium.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the running site into a new folder DIR: the database as one consistent snapshot "
        "(SQLite's online backup, or pg_dump), then the media files. Safe while the site serves and editors save."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty folder for this backup.")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory, progress=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the {manifest['database_vendor']} database and media to {directory}.")
