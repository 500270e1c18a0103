from django.core.management.base import BaseCommand, CommandError

from symposium import purge
from symposium.models import PendingPurge


class Command(BaseCommand):
    help = (
        "Send the queued purges of changed pages to the caching proxy in front (PROXY_CACHE). "
        "The app servers do this themselves; run this from cron or a systemd timer as the fallback."
    )

    def handle(self, *args, **options):
        purger = purge.configured_purger()
        if purger is None:
            self.stdout.write("No caching proxy is configured (PROXY_CACHE): nothing to purge.")
            return
        sent, failed = purge.drain(purger)
        waiting = PendingPurge.objects.count()
        self.stdout.write(f"Purged {sent} queued changes; {waiting} still queued.")
        if failed:
            last = PendingPurge.objects.exclude(last_error="").order_by("-attempts").first()
            raise CommandError(f"The proxy did not take {failed} queued changes: {last.last_error if last else ''}")
