from django.core.management.base import BaseCommand, CommandError

from symposium.backup import BackupError, restore


class Command(BaseCommand):
    help = "Put back a backup made by `backup DIR`: database, then media. Refuses over content unless --force."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The backup's folder.")
        parser.add_argument("--force", action="store_true", help="Replace the content this site has now.")

    def handle(self, *args, directory, force, **options):
        try:
            restore(directory, force=force, progress=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the site from {directory}.")
