"""Markdown to safe HTML: render, then sanitise against an allowlist."""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul", "del", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
