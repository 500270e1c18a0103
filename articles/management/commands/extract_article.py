"""Prints the speakers, quotes and numbered priorities proposed for a report (nothing is saved)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles.extraction import MAX_CHARACTERS, ExtractionError, extract
from articles.extraction.matching import match_speakers

# At most four bytes a character in UTF-8: a longer file is over the limit, whatever it holds.
READ_LIMIT = MAX_CHARACTERS * 4


class Command(BaseCommand):
    help = (
        "Propose the speakers, quotes and numbered priorities of a report (English or Chinese). "
        "FILE is a UTF-8 text or HTML file, or - for standard input. Nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the report's text, or - to read standard input")
        parser.add_argument("--json", action="store_true", help="print exactly the JSON shape (see README)")

    def handle(self, *args, **options):
        data = self.read(options["file"])
        if len(data) > READ_LIMIT:
            raise CommandError(
                f"The text is longer than {MAX_CHARACTERS:,} characters; at most {MAX_CHARACTERS:,} are read "
                "at once. Give one report at a time."
            )
        try:
            proposals = extract(data)
        except ExtractionError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(proposals.as_json(), ensure_ascii=False, indent=2))
            return
        try:
            match_speakers(proposals)
        except DatabaseError:
            self.stderr.write("The database could not be read: speakers on file were not looked up.")
        self.stdout.write(listing(proposals))

    def read(self, name):
        if name == "-":
            stream = getattr(self.stdin, "buffer", None) or sys.stdin.buffer
            return stream.read(READ_LIMIT + 1)
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"No such file: {name}")
        try:
            with path.open("rb") as file:
                return file.read(READ_LIMIT + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}") from None

    @property
    def stdin(self):
        return sys.stdin


def listing(proposals):
    lines = [f"Speakers ({len(proposals.speakers)})"]
    for speaker in proposals.speakers:
        role = ", ".join(part for part in (speaker.position, speaker.organisation) if part)
        on_file = f"  [on file: #{speaker.existing_id}]" if speaker.existing_id else ""
        lines.append(f"  - {speaker.name}" + (f" — {role}" if role else "") + on_file)
    lines.append(f"\nQuotes ({len(proposals.quotes)})")
    for quote in proposals.quotes:
        if quote.reported:
            lines.append(f"  - {quote.speaker} (reported speech, not a quote): {quote.text}")
        else:
            lines.append(f"  - {quote.speaker}: “{quote.text}”")
    lines.append(f"\nPriorities ({len(proposals.priorities)})")
    for priority in proposals.priorities:
        by = f" [{priority.speaker}]" if priority.speaker else ""
        lines.append(f"  {priority.number}. {priority.title}{by}")
        if priority.description:
            lines.append(f"     {priority.description}")
    return "\n".join(lines) + "\n"
