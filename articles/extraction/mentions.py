"""Mentions of speakers in the text, and the registry that turns them into distinct people."""

import re
from dataclasses import dataclass

from articles.extraction.types import SpeakerProposal

# Characters common in Chinese women's given names: a hint for 她, never a rule on its own.
FEMALE_CHARACTERS = set("美丽娟婷芳玲秀霞燕萍琴敏静雪梅兰英娜莉倩颖蕾琳婧媛妍薇瑶晶洁慧珍凤艳姗婉嫣怡萌雯莹璐露菲茜")


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
    gender: str = ""  # "f" or "m": from she/he, 她/他, Ms./Mr.


def name_key(name):
    return re.sub(r"[\s·.]+", " ", name).strip().casefold()


class SpeakerRegistry:
    """The people a report quotes, in order of first mention; later mentions find them again."""

    def __init__(self):
        self.speakers = []
        self.by_key = {}
        self.genders = {}  # id(speaker) -> "f" / "m", as the text has shown
        self.recent = []  # speakers, most recently named last

    def resolve(self, mention, current, source):
        speaker = self._resolve(mention, current, source)
        if speaker is not None:
            if mention.gender:
                self.genders.setdefault(id(speaker), mention.gender)
            if speaker in self.recent:
                self.recent.remove(speaker)
            self.recent.append(speaker)
        return speaker

    def gender_of(self, speaker):
        known = self.genders.get(id(speaker))
        if known:
            return known
        given = speaker.name[1:] if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", speaker.name) else ""
        return "f" if given and set(given) & FEMALE_CHARACTERS else ""

    def by_pronoun(self, gender, current):
        """He/she, 他/她: the most recent speaker the pronoun can stand for."""
        if not gender:
            return current
        for speaker in reversed(self.recent):
            if self.gender_of(speaker) in ("", gender) and not (gender == "m" and self.gender_of(speaker) == "f"):
                return speaker
        return current

    def _resolve(self, mention, current, source):
        if mention.pronoun:
            speaker = self.by_pronoun(mention.gender, current)
            if speaker and not speaker.position and not speaker.organisation:
                speaker.position, speaker.organisation = mention.position, mention.organisation
            return speaker
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
