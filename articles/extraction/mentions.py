"""Mentions of speakers in the text, and the registry that turns them into distinct people."""

import re
from dataclasses import dataclass

from articles.extraction.types import SpeakerProposal


@dataclass
class Mention:
    start: int
    end: int
    verb: str = ""
    name: str = ""
    position: str = ""
    organisation: str = ""
    pronoun: bool = False
    # A surname ("Li said"), or a surname with a title ("李会长"): someone named in full before.
    reference: bool = False
    title: str = ""
    # Names someone without a verb of saying: sets who "he" and a following quotation refer to.
    weak: bool = False
    rules: object = None  # the module (english or chinese) that found it


def name_key(name):
    return re.sub(r"[\s·.]+", " ", name).strip().casefold()


class SpeakerRegistry:
    """The people a report quotes, in order of first mention; later mentions find them again."""

    def __init__(self):
        self.speakers = []
        self.by_key = {}

    def resolve(self, mention, current, source):
        if mention.pronoun:
            return current
        if mention.reference:
            speaker = self.find_by_part(mention)
            if speaker and not speaker.position and not speaker.organisation and not mention.title:
                speaker.position, speaker.organisation = mention.position, mention.organisation
            return speaker
        key = name_key(mention.name)
        speaker = self.by_key.get(key)
        if speaker is None and mention.weak and not (mention.position or mention.organisation):
            return None
        if speaker is None:
            speaker = SpeakerProposal(name=mention.name, source=source)
            self.by_key[key] = speaker
            self.speakers.append(speaker)
        if not speaker.position and not speaker.organisation:
            speaker.position, speaker.organisation = mention.position, mention.organisation
        return speaker

    def find_by_part(self, mention):
        """'Li' or 'Mr Li' -> Li Shousheng; '李会长' -> 李寿生 (the most recent match)."""
        part = name_key(mention.name)
        for speaker in reversed(self.speakers):
            key = name_key(speaker.name)
            if " " in key and part in key.split():
                return speaker
            if " " not in key and key.startswith(part) and (not mention.title or mention.title in speaker.position):
                return speaker
        return None
