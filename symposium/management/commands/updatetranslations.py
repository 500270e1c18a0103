from django.core.management import call_command
from django.core.management.base import BaseCommand

from symposium.catalogue import NOT_SCANNED, translated_locales


class Command(BaseCommand):
    help = (
        "Adds the interface's new strings to each language's catalogue and drops those no longer used "
        "(makemessages, which needs GNU gettext); then translate the empty entries in the .po files."
    )

    def handle(self, *args, **options):
        call_command(
            "makemessages",
            locale=translated_locales(),
            ignore_patterns=NOT_SCANNED,
            no_location=True,
            no_obsolete=True,
            verbosity=options["verbosity"],
        )
