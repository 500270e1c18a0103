"""What the extractor proposes: plain data, each item with the sentence it came from."""

from dataclasses import asdict, dataclass, field


@dataclass
class SpeakerProposal:
    name: str
    position: str = ""
    organisation: str = ""
    source: str = ""
    # Set by matching.match_speakers: the id of the speaker already on file.
    existing_id: int | None = None

    def as_json(self):
        return {"name": self.name, "position": self.position, "organisation": self.organisation}


@dataclass
class QuoteProposal:
    speaker: str
    text: str
    reported: bool = False
    source: str = ""

    def as_json(self):
        return {"speaker": self.speaker, "text": self.text}


@dataclass
class PriorityProposal:
    number: int
    title: str
    description: str = ""
    speaker: str = ""
    source: str = ""

    def as_json(self):
        return {"number": self.number, "title": self.title, "description": self.description, "speaker": self.speaker}


@dataclass
class Proposals:
    speakers: list[SpeakerProposal] = field(default_factory=list)
    quotes: list[QuoteProposal] = field(default_factory=list)
    priorities: list[PriorityProposal] = field(default_factory=list)

    def as_json(self):
        """The command's --json shape. Reported speech (no quotation marks) is left out: it is not a quote."""
        return {
            "speakers": [speaker.as_json() for speaker in self.speakers],
            "quotes": [quote.as_json() for quote in self.quotes if not quote.reported],
            "priorities": [priority.as_json() for priority in self.priorities],
        }

    def as_panel_json(self):
        """Everything the admin panel shows: sources, reported speech and the speakers already on file."""
        return {
            "speakers": [asdict(speaker) for speaker in self.speakers],
            "quotes": [asdict(quote) for quote in self.quotes],
            "priorities": [asdict(priority) for priority in self.priorities],
        }
