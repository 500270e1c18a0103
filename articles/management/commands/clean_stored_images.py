import re
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.images import ImageUploadError, removed_if_failed
from articles.models import Article, Speaker

STORED_CLEAN = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")


class Command(BaseCommand):
    help = (
        "Store again, clean and under a random name, every image uploaded before uploads were cleaned "
        "(metadata stripped, fresh renditions); the old files are deleted."
    )

    def handle(self, *args, **options):
        cleaned = 0
        for model, field_name in ((Speaker, "photo"), (Article, "lead_image")):
            for item in list(model.objects.exclude(**{field_name: ""})):
                if not STORED_CLEAN.fullmatch(PurePosixPath(getattr(item, field_name).name).name):
                    cleaned += self.store_clean(item, field_name)
        self.stdout.write(f"Stored {cleaned} image(s) clean.")

    def store_clean(self, item, field_name):
        field_file = getattr(item, field_name)
        old_name = field_file.name
        try:
            with field_file.storage.open(old_name, "rb") as stored:
                content = ContentFile(stored.read())
        except OSError:
            self.stderr.write(f"{item._meta.verbose_name} {item.pk}: {old_name} is missing; left as it is.")
            return 0
        try:
            # The old file and its renditions are deleted by django-cleanup once this commits.
            with removed_if_failed(), transaction.atomic():
                field_file.save(old_name, content, save=False)
                item.save(update_fields=[field_name])
        except ImageUploadError as error:
            self.stderr.write(f"{item._meta.verbose_name} {item.pk}: {old_name}: {error}")
            return 0
        return 1
