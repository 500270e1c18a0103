"""Highlighted snippets: where the words matched, escaped and wrapped in <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 220


def term_pattern(terms):
    """A regex finding any term; English words also match their longer forms."""
    parts = []
    for term in sorted(terms, key=lambda t: -len(t.text)):
        escaped = r"\s+".join(re.escape(word) for word in term.text.split())
        parts.append(escaped if term.is_cjk else rf"\b{escaped}\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text, pattern):
    """`text`, escaped, with every match of `pattern` marked."""
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308  (every piece is escaped above)


def snippet(text, pattern, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around its first match, highlighted."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - length // 3) if match else 0
    if start:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    excerpt = highlight(text[start:end], pattern)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{excerpt}{suffix}")  # noqa: S308  (highlight() escapes)
