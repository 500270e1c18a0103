"""Markdown to safe HTML: render with markdown-it-py, then sanitise against an allowlist.

markdown-it-py works in time linear in the text and stops nesting at `MAX_NESTING`
levels. Python-Markdown, used before, took 40 s on 20,000 `[` and raised
RecursionError on a list nested 1,000 deep. The syntax is what the site had with
Python-Markdown's "extra" and "sane_lists": tables, fenced code, footnotes,
definition lists and abbreviations, on top of CommonMark.
"""

import itertools
import re
from typing import NamedTuple

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul", "del", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A body is at most this long (the article form says so); the preview renders no more.
MAX_BODY_LENGTH = 100_000
# The HTML sanitiser's work grows with the number of raw HTML tags times how deeply
# they nest (10,000 nested <div>s: 0.6 s), so a body with more is refused by the
# form, and shows its HTML as text if it is saved another way.
MAX_HTML_TAGS = 2_000
# markdown-it's own limit for CommonMark. A list level takes two (list and item), a
# quote one. Deeper blocks are dropped, so the article form refuses such a body.
MAX_NESTING = 20


def render_markdown(text):
    """`text` as sanitised HTML."""
    return _html(_parse(text))


def preview_markdown(text):
    """What the page will show of `text` and, if the article form would refuse it, why."""
    parsed = _parse(text[:MAX_BODY_LENGTH])
    return _html(parsed), [_too_long(text)] if len(text) > MAX_BODY_LENGTH else _problems(parsed)


def markdown_problems(text):
    """Why `text` would not show in full or as written: too long, too deep, too much HTML."""
    return [_too_long(text)] if len(text) > MAX_BODY_LENGTH else _problems(_parse(text))


def validate_markdown(text):
    if problems := markdown_problems(text):
        raise ValidationError(problems, code="markdown")


class _Parsed(NamedTuple):
    parser: MarkdownIt
    tokens: list
    env: dict
    raw_html_tags: int


def _parse(text):
    env = {}
    tokens = _parser.parse(text, env)
    raw_html_tags = _raw_html_tags(tokens)
    if raw_html_tags > MAX_HTML_TAGS:
        env = {}
        return _Parsed(_parser_without_html, _parser_without_html.parse(text, env), env, raw_html_tags)
    return _Parsed(_parser, tokens, env, raw_html_tags)


def _html(parsed):
    return nh3.clean(
        parsed.parser.renderer.render(parsed.tokens, parsed.parser.options, parsed.env),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).rstrip("\n")


def _too_long(text):
    return f"The body is {len(text):,} characters long; at most {MAX_BODY_LENGTH:,} are allowed."


def _problems(parsed):
    problems = []
    # Past the limit markdown-it drops the blocks inside, so a block opening one level
    # short of it marks a cut (or, for a paragraph in 19 quotes, comes within one of it).
    if any(token.nesting == 1 and token.level >= MAX_NESTING - 1 for token in parsed.tokens):
        problems.append(
            f"Lists and quotes are nested too deeply to show in full: at most {MAX_NESTING // 2 - 1} "
            f"levels of lists, or {MAX_NESTING - 2} of quotes. Flatten the deepest part."
        )
    if parsed.raw_html_tags > MAX_HTML_TAGS:
        problems.append(
            f"The body has {parsed.raw_html_tags:,} HTML tags; at most {MAX_HTML_TAGS:,} are allowed. "
            "Write the formatting in Markdown instead."
        )
    return problems


def _raw_html_tags(tokens):
    """Raw HTML tags written in the body (every `<` of an HTML block counts)."""
    count = 0
    for token in tokens:
        if token.type == "html_block":
            count += token.content.count("<")
        elif token.type == "inline":
            count += sum(child.type == "html_inline" for child in token.children)
    return count


# Emphasis next to Chinese text. CommonMark does not let `**` open before punctuation
# unless whitespace or punctuation precedes it, so `这是**“重点”**。` stayed plain;
# Python-Markdown made it bold. A CJK character beside `*` counts as punctuation
# where that lets it open or close, never where it would stop it (the idea of the
# "CJK-friendly" amendment to CommonMark). `_` keeps CommonMark's rule, which, like
# Python-Markdown, never emphasises inside a word: `中文_强调_中文` stays as written.
_CJK = re.compile(
    "[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]"
)


def _is_punctuation(char):
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _scan_delimiters(state, start, can_split_word):
    marker, end = state.src[start], start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    before_cjk, after_cjk = bool(_CJK.match(before)), bool(_CJK.match(after))
    before_allows = before_cjk or _is_punctuation(before)
    after_allows = after_cjk or _is_punctuation(after)
    before_blocks = not before_cjk and _is_punctuation(before)
    after_blocks = not after_cjk and _is_punctuation(after)
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))

    left_flanking = not after_space and (not after_blocks or before_space or before_allows)
    right_flanking = not before_space and (not before_blocks or after_space or after_allows)
    if can_split_word:
        return Scanned(left_flanking, right_flanking, end - start)
    can_open = left_flanking and (not right_flanking or before_allows)
    can_close = right_flanking and (not left_flanking or after_allows)
    return Scanned(can_open, can_close, end - start)


def _emphasis(state, silent):
    """markdown-it's emphasis rule, with the CJK-aware delimiter scan above."""
    marker = state.src[state.pos]
    if silent or marker not in "_*":
        return False
    scan = _scan_delimiters if marker == "*" else StateInline.scanDelims
    scanned = scan(state, state.pos, marker == "*")
    for _ in range(scanned.length):
        state.push("text", "", 0).content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=scanned.length,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


# Abbreviations as Python-Markdown's "abbr" wrote them: `*[NDRC]: National Development
# and Reform Commission` anywhere in the body marks every NDRC as an <abbr>. Only
# labels of letters and digits are matched, looking each word up once: linear, where
# an alternation of arbitrary labels would cost the text's length times the labels.
_ABBREVIATION_DEFINITION = re.compile(r"\*\[(\w+)\]:[ \t]*(.*)")
_WORD = re.compile(r"\w+")


def _abbreviation_definition(state, start_line, end_line, silent):
    if state.is_code_block(start_line):
        return False
    line = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
    match = _ABBREVIATION_DEFINITION.fullmatch(line)
    if not match:
        return False
    if not silent:
        state.env.setdefault("abbreviations", {})[match[1]] = match[2].strip()
        state.line = start_line + 1
    return True


def _abbreviations(state):
    titles = state.env.get("abbreviations")
    if not titles:
        return
    for block in state.tokens:
        if block.type == "inline":
            block.children = [piece for child in block.children for piece in _mark_abbreviations(child, titles)]


def _mark_abbreviations(token, titles):
    if token.type != "text":
        return [token]
    pieces, done = [], 0
    for word in _WORD.finditer(token.content):
        if word[0] in titles:
            pieces.append(_text(token.content[done : word.start()]))
            pieces.append(Token("abbr_open", "abbr", 1, attrs={"title": titles[word[0]]}))
            pieces.append(_text(word[0]))
            pieces.append(Token("abbr_close", "abbr", -1))
            done = word.end()
    if not pieces:
        return [token]
    return [*pieces, _text(token.content[done:])]


def _text(content):
    return Token("text", "", 0, content=content)


# markdown-it-py joins adjacent text tokens pairwise, copying the growing text again
# for every piece: 50,000 `*a ` took 71 s. These join each run once.
def _fragments_join(state):
    level = 0
    for token in state.tokens:
        level -= token.nesting < 0
        token.level = level
        level += token.nesting > 0
    state.tokens[:] = _joined_text(state.tokens)


def _text_join(state):
    for block in state.tokens:
        if block.type == "inline" and block.children:
            for child in block.children:
                if child.type == "text_special":
                    child.type = "text"
            block.children = _joined_text(block.children)


def _joined_text(tokens):
    joined = []
    for is_text, group in itertools.groupby(tokens, key=lambda token: token.type == "text"):
        run = list(group)
        if is_text and len(run) > 1:
            run[0].content = "".join(token.content for token in run)
            del run[1:]
        joined.extend(run)
    return joined


# Footnote marks as Python-Markdown numbered them: 1, not [1], and a plain ↩.
def _footnote_caption(self, tokens, idx, options, env):
    return str(tokens[idx].meta["id"] + 1)


def _footnote_anchor(self, tokens, idx, options, env):
    anchor = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if tokens[idx].meta.get("subId", 0) > 0:
        anchor += f":{tokens[idx].meta['subId']}"
    return f' <a href="#fnref{anchor}">\u21a9</a>'


def _build_parser(*, html):
    parser = (
        MarkdownIt("commonmark", {"html": html, "maxNesting": MAX_NESTING})
        .enable("table")
        .use(footnote_plugin, inline=False)
        .use(deflist_plugin)
    )
    parser.inline.ruler.at("emphasis", _emphasis)
    parser.inline.ruler2.at("fragments_join", _fragments_join)
    parser.core.ruler.at("text_join", _text_join)
    parser.block.ruler.before(
        "reference", "abbreviation", _abbreviation_definition, {"alt": ["paragraph", "reference"]}
    )
    parser.core.ruler.after("text_join", "abbreviations", _abbreviations)
    parser.add_render_rule("footnote_caption", _footnote_caption)
    parser.add_render_rule("footnote_anchor", _footnote_anchor)
    return parser


_parser = _build_parser(html=True)
_parser_without_html = _build_parser(html=False)
