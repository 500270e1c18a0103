import time

from django.core.management.base import BaseCommand

from symposium.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the content."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = rebuild_index()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents in {elapsed:.1f} s."))
