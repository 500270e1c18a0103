"""From pasted text to paragraphs: HTML to text, line breaks, quotation marks found and masked."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
LOOKS_LIKE_HTML = re.compile(
    r"<(?:p|div|br|span|h[1-6]|li|ul|ol|article|section|body|html|blockquote|strong|em|a)\b", re.I
)
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "tr"}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "head"}
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A line ends its paragraph when it ends a sentence, or when the next line starts a numbered item.
LINE_ENDS_PARAGRAPH = re.compile(r"[.!?。！？:：;；”\"’'」』)）]\s*$")
LIST_LINE = re.compile(
    r"^\s*(?:\d{1,2}[.)、．]|[（(][0-9一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}[、是]|第[一二三四五六七八九十])"
)

# Opening mark -> closing mark, for the marks that come in pairs.
PAIRED = {"“": "”", "「": "」", "『": "』", "‘": "’"}
SINGLE_CLOSE_FOLLOWERS = set(',.;:!?)]}—–”"') | {"…"}
SINGLE_OPEN_PRECEDERS = set('([{—–-:“"')


class _TextFromHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html):
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def is_chinese(text):
    """Mostly Chinese: Han characters outnumber Latin letters a fifth of the time or more."""
    han = len(HAN.findall(text))
    return han > 0 and han * 5 >= len(LATIN_LETTER.findall(text))


def clean(text):
    if LOOKS_LIKE_HTML.search(text):
        text = html_to_text(text)
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", " ")


def join_lines(lines):
    text = lines[0]
    for line in lines[1:]:
        both_han = HAN.match(line[:1] or " ") and HAN.match(text[-1:] or " ")
        text += line if both_han else " " + line
    return text


def paragraphs_of(text):
    """Blocks between blank lines; inside a block, a line that ends a sentence ends a paragraph."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", clean(text)):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        current = []
        for i, line in enumerate(lines):
            current.append(line)
            next_is_item = i + 1 < len(lines) and LIST_LINE.match(lines[i + 1])
            heading = len(line) < 40  # a heading, a header line (主持：…), a list item
            if LINE_ENDS_PARAGRAPH.search(line) or next_is_item or heading:
                paragraphs.append(join_lines(current))
                current = []
        if current:
            paragraphs.append(join_lines(current))
    return [re.sub(r"[ ]{2,}", " ", paragraph) for paragraph in paragraphs]


@dataclass
class QuoteSpan:
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph's end when the quote runs on)

    def inner(self, text):
        inner = text[self.start + 1 : self.end]
        return inner[:-1] if inner and inner[-1] in "”」』’\"'" and self.end <= len(text) else inner


def _opens_single(text, i):
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in SINGLE_OPEN_PRECEDERS) and not after.isspace()


def _closes_single(text, j):
    before = text[j - 1]
    after = text[j + 1] if j + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in SINGLE_CLOSE_FOLLOWERS)


def _closes_curly(text, j):
    """After ‘ (never an apostrophe) a ’ closes unless a Latin letter follows (China’s)."""
    after = text[j + 1] if j + 1 < len(text) else " "
    return not text[j - 1].isspace() and not re.match(r"[A-Za-z0-9]", after)


SINGLE_QUOTE_REACH = 3000  # characters: a punctuated closing mark further away is not this quote's


class _SingleClosers:
    """Where single quotations may close in a paragraph, found once: (all, after punctuation) per opening mark."""

    def __init__(self, text):
        self.lists = {}
        for opening, closes, marks in (("‘", _closes_curly, "’"), ("'", _closes_single, "'’")):
            every = [j for j, c in enumerate(text) if c in marks and j and closes(text, j)]
            punctuated = [j for j in every if text[j - 1] in ",.!?;:…—，。！？；："]
            self.lists[opening] = (every, punctuated)

    def close(self, text, i):
        """Where a single quotation mark opened at i closes: an apostrophe (China's) never does;
        a mark after punctuation ("…end,' he said") is preferred to one after a letter (workers' union)."""
        every, punctuated = self.lists[text[i]]
        k = bisect_left(punctuated, i + 2)
        if k < len(punctuated) and punctuated[k] - i < SINGLE_QUOTE_REACH:
            return punctuated[k] + 1
        k = bisect_left(every, i + 2)
        return every[k] + 1 if k < len(every) else None


def _close_double(text, i, opening):
    if opening == '"':
        j = text.find('"', i + 1)
        return len(text) if j < 0 else j + 1
    closing, depth = PAIRED[opening], 0
    for j in range(i + 1, len(text)):
        if text[j] == opening:
            depth += 1
        elif text[j] == closing:
            if depth == 0:
                return j + 1
            depth -= 1
    return len(text)  # a quote running on to the next paragraph closes there


def quote_spans(text):
    """The outermost quotations of a paragraph; nested ones stay inside their outer quote."""
    spans, i = [], 0
    closers = _SingleClosers(text)
    while i < len(text):
        mark = text[i]
        end = None
        if mark in '“「『"':
            end = _close_double(text, i, mark)
        elif (mark == "‘" and i + 1 < len(text) and not text[i + 1].isspace()) or (
            mark == "'" and _opens_single(text, i)
        ):
            end = closers.close(text, i)
        if end is None:
            i += 1
            continue
        spans.append(QuoteSpan(i, end))
        i = end
    return spans


def mask(text, spans):
    """The paragraph with each quotation's words blanked out, so no rule reads inside a quote."""
    chars = list(text)
    for span in spans:
        for k in range(span.start, span.end):
            chars[k] = "_"
        chars[span.start] = "“"
        if span.end - 1 > span.start:
            chars[span.end - 1] = "”"
    return "".join(chars)


SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s+[^a-z]|$)")
ABBREVIATION = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|St|No|Co|Ltd|Inc|Jr|Sr|vs|e\.g|i\.e|U\.S|[A-Z])\.$")


@dataclass
class Paragraph:
    index: int
    text: str
    chinese: bool
    quotes: list = field(default_factory=list)
    masked: str = ""

    @classmethod
    def of(cls, index, text):
        spans = quote_spans(text)
        return cls(index=index, text=text, chinese=is_chinese(text), quotes=spans, masked=mask(text, spans))

    @cached_property
    def sentence_ends(self):
        return [
            match.end()
            for match in SENTENCE_END.finditer(self.masked)
            if not ABBREVIATION.search(self.masked[max(0, match.end() - 8) : match.end()])
        ]

    def sentence_around(self, start, end=None):
        end = start if end is None else end
        ends = self.sentence_ends
        i = bisect_right(ends, start)
        left = ends[i - 1] if i else 0
        j = bisect_left(ends, max(end, left + 1))
        right = ends[j] if j < len(ends) else len(self.text)
        # A closing quotation mark right after the full stop belongs to the sentence.
        while right < len(self.text) and self.text[right] in "”\"’'」』":
            right += 1
        return self.text[left:right].strip()

    def sentence_end_after(self, position):
        ends = self.sentence_ends
        i = bisect_right(ends, position)
        return ends[i] if i < len(ends) else len(self.text)
