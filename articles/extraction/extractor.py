"""Reads a report and proposes its speakers, quotes and numbered priorities (rules only, no model)."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from articles.extraction import chinese, english
from articles.extraction.mentions import SpeakerRegistry
from articles.extraction.text import Paragraph, paragraphs_of
from articles.extraction.types import PriorityProposal, Proposals, QuoteProposal

MAX_CHARACTERS = 100_000
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Between an attribution and the quotation it introduces: "said at the forum: “", "表示：“".
INTRODUCES = re.compile(r"^[^.!?。！？“”_]{0,60}?[:：,，]\s*$")
FOLLOWS = re.compile(r"^[\s,，]*$")
# Between the two halves of a split quotation and its attribution: "“A,” said X. “B.”"
SPLIT_GAP = re.compile(r"^[\s.,，。:：]*$")
ENDS_CLAUSE = re.compile(r"[.!?,;…—。！？，；：:]\s*$")
ENDS_SENTENCE = re.compile(r"[.!?…。！？]\s*$")
RUNS_ON = re.compile(r"\s*\w")
GAP_REACH = 80  # characters between a quotation and its attribution, at most
MAX_PARAGRAPHS_BETWEEN_ITEMS = 2


class ExtractionError(ValueError):
    """The text cannot be read; the message says why, in words an editor understands."""


def check_text(text):
    if isinstance(text, bytes):
        text = decode(text)
    if len(text) > MAX_CHARACTERS:
        raise ExtractionError(
            f"The text is {len(text):,} characters long; at most {MAX_CHARACTERS:,} are read at once. "
            "Paste one report at a time."
        )
    if len(CONTROL.findall(text)) > max(3, len(text) // 100):
        raise ExtractionError("This looks like a binary file, not text. Paste or choose the report's text.")
    text = CONTROL.sub("", text)
    if not text.strip():
        raise ExtractionError("There is no text to read: paste the report first.")
    return text


def decode(data):
    if b"\x00" in data[:8192]:
        raise ExtractionError("This looks like a binary file, not text. Paste or choose the report's text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError("The file is not UTF-8 text. Save it as UTF-8 (plain text) and try again.") from None


def plain_text(text):
    """The report as the extractor reads it (HTML reduced to its text), paragraphs apart: for the body."""
    return "\n\n".join(paragraphs_of(check_text(text)))


def rules_for(paragraph):
    return chinese if paragraph.chinese else english


@dataclass
class Attributed:
    mention: object
    speaker: object


def extract(text):
    """Proposals for a report (str or UTF-8 bytes); raises ExtractionError for text that cannot be read."""
    text = check_text(text)
    paragraphs = [Paragraph.of(i, body) for i, body in enumerate(paragraphs_of(text))]
    registry = SpeakerRegistry()
    proposals = Proposals()
    current = None
    attributed = []
    for paragraph in paragraphs:
        found, current_after = attribute(paragraph, registry, current)
        proposals.quotes += quotes_of(paragraph, found, current)
        attributed.append(found)
        current = current_after
    proposals.priorities = priorities_of(paragraphs, [Attributions(found, chinese=False) for found in attributed])
    used = {speaker.name for speaker in speakers_used(attributed)}
    used |= {quote.speaker for quote in proposals.quotes} | {priority.speaker for priority in proposals.priorities}
    proposals.speakers = [speaker for speaker in registry.speakers if speaker.name in used]
    return proposals


def mentions_in(paragraph, registry):
    """Both languages' rules where both scripts are written (Zhang Lei said … 钱悦指出 …)."""
    found = []
    for rules in (english, chinese):
        if rules.written_in(paragraph.text):
            for mention in rules.attributions(paragraph, registry):
                mention.rules = rules
                found.append(mention)
    if len({m.rules for m in found}) < 2:
        return found
    return english.drop_overlaps(found)


def attribute(paragraph, registry, current):
    found = []
    for mention in mentions_in(paragraph, registry):
        source = paragraph.sentence_around(mention.start, mention.end)
        speaker = registry.resolve(mention, current, source)
        if speaker is None:
            continue
        current = speaker
        found.append(Attributed(mention, speaker))
    return found, current


def speakers_used(attributed):
    return [item.speaker for found in attributed for item in found if not item.mention.weak]


# Quotes


class Attributions:
    """A paragraph's attributions in order, searchable by position (bisect, so long texts stay linear)."""

    def __init__(self, found, chinese):
        self.all = found
        self.strong = [item for item in found if not item.mention.weak]
        # In Chinese a name right after a quotation is its speaker, verb or not (“……”来自寿县的代表程美玲一开口).
        self.closing = found if chinese else self.strong
        self.strong_ends = [item.mention.end for item in self.strong]
        self.closing_starts = [item.mention.start for item in self.closing]
        self.all_ends = sorted(item.mention.end for item in found)
        self.by_end = sorted(found, key=lambda item: item.mention.end)

    def ending_before(self, position, reach=GAP_REACH):
        """Strong attributions ending at or before `position`, nearest first, within `reach`."""
        i = bisect_right(self.strong_ends, position)
        while i > 0 and position - self.strong[i - 1].mention.end <= reach:
            i -= 1
            yield self.strong[i]

    def starting_after(self, position, reach=GAP_REACH):
        i = bisect_left(self.closing_starts, position)
        while i < len(self.closing) and self.closing[i].mention.start - position <= reach:
            yield self.closing[i]
            i += 1

    def nearest_before(self, position):
        i = bisect_right(self.all_ends, position)
        return self.by_end[i - 1] if i else None


def quotes_of(paragraph, found, previous):
    rules = rules_for(paragraph)
    quotes, pending = [], None  # pending: the first half of a split quotation
    used_mentions = set()
    index = Attributions(found, paragraph.chinese)
    for span in paragraph.quotes:
        words = span.inner(paragraph.text).strip()
        before, after = adjacent(paragraph, span, index)
        # A short quotation running on into its sentence is a term in scare quotes (the “dual carbon” goals).
        embedded = after is None and RUNS_ON.match(paragraph.masked, span.end)
        if (embedded or not (before or after)) and not (rules.long_enough(words) and ENDS_CLAUSE.search(words)):
            pending = None
            continue
        gap = paragraph.masked[pending[1].mention.end : span.start] if pending else ""
        if after is None and pending and len(gap) <= GAP_REACH and SPLIT_GAP.match(gap):
            quote = pending[0]
            quote.text = rules.join_split(quote.text, words)
            pending = (quote, after) if not ENDS_SENTENCE.search(words) else None
            continue
        chosen = before if before and (not after or ":" in gap_before(paragraph, span, before)) else after
        chosen = chosen or before or index.nearest_before(span.start)
        speaker = chosen.speaker if chosen else previous
        if speaker is None:
            pending = None
            continue
        for item in (before, after):
            if item:
                used_mentions.add(id(item))
        quote = QuoteProposal(speaker=speaker.name, text=words, source=paragraph.sentence_around(span.start, span.end))
        quotes.append(quote)
        splits = after is not None and not ENDS_SENTENCE.search(words)
        pending = (quote, after) if splits else None
    return quotes + reported_speech(paragraph, found, used_mentions)


def gap_before(paragraph, span, item):
    return paragraph.masked[item.mention.end : span.start].replace("：", ":")


def adjacent(paragraph, span, index):
    """The attribution just before a quotation (introducing it) and just after it (closing it)."""
    masked = paragraph.masked
    before = next(
        (item for item in index.ending_before(span.start) if INTRODUCES.match(masked[item.mention.end : span.start])),
        None,
    )
    after = next(
        (item for item in index.starting_after(span.end) if FOLLOWS.match(masked[span.end : item.mention.start])),
        None,
    )
    return before, after


def reported_speech(paragraph, found, used_mentions):
    reported = []
    for item in found:
        if id(item) in used_mentions or item.mention.weak:
            continue
        text = item.mention.rules.reported_text(paragraph, item.mention)
        if text:
            source = paragraph.sentence_around(item.mention.start, item.mention.end)
            reported.append(QuoteProposal(speaker=item.speaker.name, text=text, reported=True, source=source))
    return reported


# Priorities


@dataclass
class Marker:
    paragraph: int
    start: int
    end: int
    family: str
    number: object  # an int, or "last" for Finally / Lastly


def markers_in(paragraphs):
    markers = []
    for paragraph in paragraphs:
        rules = rules_for(paragraph)
        found = []
        for family, pattern in rules.PRIORITY_MARKERS:
            for match in pattern.finditer(paragraph.text):
                found.append(Marker(paragraph.index, match.start(), match.end(), family, rules.marker_number(match)))
        found.sort(key=lambda m: (m.start, -m.end))
        last_end = -1
        for marker in found:
            if marker.start >= last_end:  # two styles matching one place: the first wins
                markers.append(marker)
                last_end = marker.end
    return markers


def runs_of(markers):
    """Markers numbered 1, 2, 3 … (Finally ends a run) in one style, close together; two items at least."""
    runs, open_runs = [], {}
    for marker in markers:
        run = open_runs.get(marker.family)
        if marker.number == 1:
            run = open_runs[marker.family] = [marker]
            runs.append(run)
            continue
        if run is None or marker.paragraph - run[-1].paragraph > MAX_PARAGRAPHS_BETWEEN_ITEMS + 1:
            continue
        if run[-1].number == "last":
            continue
        expected = len(run) + 1
        if marker.number in (expected, "last"):
            run.append(marker)
    return [run for run in runs if len(run) >= 2]


NOT_PRIORITIES = {
    False: re.compile(
        r"\b(?:agenda|programme|program|schedule|timetable|sessions?|results?|findings?|figures|statistics|"
        r"trends?|reasons?|achievements?|milestones?|awards?|winners?|prizes?|medals?|honou?rees|ranking|ranked|"
        r"attend\w*|guests|delegates|speakers were|participants were|history|happened|changes)\b",
        re.I,
    ),
    True: re.compile(
        r"议程|日程|结果|成果|成绩|数据|原因|趋势|特点|变化|获奖|表彰|排名|名单|历程|出席|参会|嘉宾|典型案例|亮点"
    ),
}


def priorities_of(paragraphs, attributed):
    proposals = []
    for run in runs_of(markers_in(paragraphs)):
        first = paragraphs[run[0].paragraph]
        lead = first.text[: run[0].start]
        if not lead.strip() and first.index > 0:
            lead = paragraphs[first.index - 1].text
        if NOT_PRIORITIES[first.chinese].search(lead[-200:]):
            continue
        speaker = run_speaker(run, attributed)
        in_run = {marker.paragraph for marker in run}
        for number, (marker, item) in enumerate(items_of(run, paragraphs), start=1):
            paragraph = paragraphs[marker.paragraph]
            title, description = rules_for(paragraph).title_and_description(item)
            if not title:
                break
            if is_heading(marker, item, in_run, paragraphs):
                description = paragraphs[marker.paragraph + 1].text
            marked = paragraph.text[marker.start : marker.end] + item  # "First, build …", as written
            source = marked.strip() if len(marked) < 400 else paragraph.sentence_around(marker.start, marker.end)
            proposals.append(
                PriorityProposal(number=number, title=title, description=description, speaker=speaker, source=source)
            )
    return proposals


def items_of(run, paragraphs):
    for k, marker in enumerate(run):
        text = paragraphs[marker.paragraph].text
        following = run[k + 1] if k + 1 < len(run) else None
        end = following.start if following and following.paragraph == marker.paragraph else len(text)
        yield marker, text[marker.end : end]


def is_heading(marker, item, in_run, paragraphs):
    """'（一）压实企业主体责任' alone on its line: the paragraph under it is its description."""
    following = marker.paragraph + 1
    return (
        following < len(paragraphs)
        and not re.search(r"[,.;:!?，。；：！？]", item)
        and marker.start < 3
        and following not in in_run
    )


def run_speaker(run, attributed):
    """Who sets the items out: named before the first item in its paragraph, or in the paragraph before
    when the items start a paragraph; nobody when the lead-in names no one ("The declaration proposes:")."""
    first = run[0]
    here = attributed[first.paragraph].nearest_before(first.start)
    if here:
        return here.speaker.name
    if first.start > 3 or first.paragraph == 0:
        return ""
    before = attributed[first.paragraph - 1].all
    return before[-1].speaker.name if before else ""
