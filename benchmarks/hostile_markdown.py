"""Markdown rendering on hostile bodies, and old against new on ordinary ones: `make bench-markdown`.

Times `render_markdown` (markdown-it-py + nh3) on the worst inputs found, each
rendered once in-process. With Python-Markdown installed (`pip install
Markdown==3.11.3`, the renderer used before), it also times the old renderer on
the same inputs, each in a child process stopped after --timeout CPU seconds, and
renders every demo and synthetic body with both, reporting how many differ once
whitespace is normalised.
"""

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 100_000  # articles.markdown.MAX_BODY_LENGTH


def at_limit(pattern, head="", tail=""):
    """`pattern` repeated so that with `head` and `tail` the body is exactly at the limit."""
    room = LIMIT - len(head) - len(tail)
    return head + (pattern * (room // len(pattern) + 1))[:room] + tail


# The inputs from the report (issue 13), at their sizes, then others at the length
# limit, so their figure is the most one request can cost.
HOSTILE = {
    "20,000 `[`": lambda: "[" * 20_000,
    "30,000 `[` (the preview gunicorn killed)": lambda: "[" * 30_000,
    "100,000 `<b>x</b>`": lambda: "<b>x</b>" * 100_000,
    "list nested 1,000 deep": lambda: "\n".join("    " * depth + "- x" for depth in range(1_000)),
    "`[` at the limit": lambda: at_limit("["),
    "`![` at the limit": lambda: at_limit("!["),
    "`[a](` at the limit": lambda: at_limit("[a]("),
    "`*a ` at the limit": lambda: at_limit("*a "),
    "`*` around a word at the limit": lambda: "*" * (LIMIT // 2 - 1) + "a" + "*" * (LIMIT // 2),
    "`&` at the limit": lambda: at_limit("&"),
    "backtick runs 1..440": lambda: " ".join("`" * n for n in range(1, 440)),
    "`<!--` at the limit": lambda: at_limit("<!--"),
    "`<b>x</b>` at the limit": lambda: at_limit("<b>x</b>"),
    "quotes nested 1,000 deep": lambda: ">" * 1_000 + " x",
    "`<ul><li>` nested at the limit": lambda: at_limit("<ul><li>"),
    "1,990 stray `</div>` in 44,000 `*`": lambda: "*" * 44_000 + "a" + "</div>" * 1_990 + "*" * 44_000,
    "footnote references at the limit": lambda: at_limit("[^1]", tail="\n\n[^1]: note"),
    "table rows of 20 cells at the limit": lambda: at_limit(
        "|x" * 20 + "\n", head="|a" * 20 + "\n" + "|-" * 20 + "\n"
    ),
    "abbreviations at the limit": lambda: at_limit("A1 ", head="".join(f"*[A{n}]: t\n" for n in range(2_000)) + "\n"),
}


def render_new(text):
    from articles.markdown import render_markdown

    return render_markdown(text)


def render_old(text):
    import markdown
    import nh3

    from articles.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def timed(render, text):
    """CPU seconds, which other work on a shared machine inflates less than wall time."""
    started = time.process_time()
    try:
        render(text)
    except RecursionError:
        return "RecursionError"
    return f"{time.process_time() - started:.2f} s"


def verdict(text):
    """What the article form says of this body."""
    from articles.markdown import markdown_problems

    problems = markdown_problems(text)
    return "refused: " + problems[0].split(":")[0].split(";")[0] if problems else "accepted"


def old_in_child(name, timeout):
    """The old renderer on one input, in a child process stopped after `timeout` CPU seconds."""

    def limit_cpu():
        resource.setrlimit(resource.RLIMIT_CPU, (timeout, timeout + 1))

    try:
        done = subprocess.run(
            [sys.executable, __file__, "--old-child", name],
            check=False,
            capture_output=True,
            text=True,
            timeout=timeout * 20,
            preexec_fn=limit_cpu,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout * 20} s wall (stopped)"
    if done.returncode == -signal.SIGXCPU:
        return f"> {timeout} s (stopped)"
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def has_python_markdown():
    try:
        import markdown  # noqa: F401
    except ImportError:
        return False
    return True


def ordinary_bodies():
    """Every demo body, 2,000 synthetic ones, and a sample of each feature the site supported."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings")
    import django

    django.setup()
    import random

    from django.utils import timezone

    from symposium import demo, synthetic

    bodies = {"demo: English article": demo.ARTICLE["body"], "demo: Chinese article": demo.CHINESE_ARTICLE["body"]}
    writer, rng, now = synthetic.Writer(1), random.Random(1), timezone.now()
    for n in range(2_000):
        bodies[f"synthetic {n}"] = synthetic._article(writer, rng, n, now, [None]).body
    bodies.update({f"feature: {name}": body for name, body in FEATURES.items()})
    return bodies


FEATURES = {
    "headings": "## Two\n\n### Three ###\n\n#### Four\n\nSetext\n------\n",
    "emphasis": "*a* _b_ **c** __d__ snake_case_word 2 * 3 * 4 \\*not\\*",
    "links": '[a](https://example.com "T") [b][1] <https://example.com>\n\n[1]: https://example.org',
    "lists": "1. one\n2. two\n\n- a\n- b\n\n3. three\n4. four\n\n- a\n    - b\n        - c\n",
    "loose list": "1. a\n\n2. b\n\n3. c\n",
    "quote": "> quoted\n> more\n\n> - a\n> - b\n",
    "code": "Use `x < y`.\n\n    indented\n\n```python\nprint('<x>')\n```\n\n~~~\ntilde\n~~~\n",
    "table": "| a | b |\n|:--|--:|\n| 1 | **2** |\n\na | b\n--- | ---\n1 | 2\n",
    "footnotes": "Text[^1] and more[^n].\n\n[^1]: The note.\n[^n]: Second.\n",
    "definition list": "Term\n:   Definition one\n\nTerm 2\n:   Def 2\n\n    more\n",
    "abbreviation": "The NDRC plan; NDRC-led.\n\n*[NDRC]: National Development and Reform Commission\n",
    "raw HTML": "m<sup>2</sup>, H<sub>2</sub>O, <del>x</del>, <abbr title='t'>A</abbr>\n\n<div>\n**b**\n</div>",
    "entities": "AT&T &copy; &mdash; &#8212; 5 < 6",
    "breaks": "line one  \nline two\nline three\n\n---\n\n* * *\n",
    "Chinese emphasis": "这是**“十四五”规划**的重点，*强调*。中文_不强调_中文",
    "list after a line": "Intro:\n- a\n- b\n",
    "two-space nesting": "- a\n  - b\n",
    "1) list": "1) a\n2) b\n",
    "mixed list markers": "1. one\n- a\n",
    "heading without space": "##Heading\n",
    "code span with a pipe in a table": "| a | b |\n|---|---|\n| `x|y` | b |\n",
    "fence inside a list": "1. item\n\n    ```\n    code\n    ```\n",
}

_BLOCK_TAGS = "p|ul|ol|li|h2|h3|h4|blockquote|pre|table|thead|tbody|tr|th|td|dl|dt|dd|hr|br"


def normalised(html):
    html = re.sub(r"\s+", " ", html)
    return re.sub(rf"\s*(</?(?:{_BLOCK_TAGS})\b[^>]*>)\s*", r"\1", html).strip()


def compare():
    bodies = ordinary_bodies()
    differing = [name for name, body in bodies.items() if normalised(render_old(body)) != normalised(render_new(body))]
    print(f"\nOrdinary bodies: {len(bodies)} rendered with both, {len(differing)} differ after normalising whitespace")
    for name in differing:
        print(f"  {name}: {json.dumps(bodies[name], ensure_ascii=False)}")
        print(f"    old: {normalised(render_old(bodies[name]))}")
        print(f"    new: {normalised(render_new(bodies[name]))}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=int, default=60, help="CPU seconds the old renderer gets per input")
    parser.add_argument("--old-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.old_child:
        print(timed(render_old, HOSTILE[args.old_child]()))
        return
    before = has_python_markdown()
    print("| input | chars | article form | now | before |" if before else "| input | chars | article form | now |")
    print("| --- | ---: | --- | ---: | ---: |" if before else "| --- | ---: | --- | ---: |")
    for name, make in HOSTILE.items():
        text = make()
        row = f"| {name} | {len(text):,} | {verdict(text)} | {timed(render_new, text)} |"
        if before:
            row += f" {old_in_child(name, args.timeout)} |"
        print(row, flush=True)
    if before:
        compare()
    else:
        print("\nPython-Markdown is not installed: no before column, no comparison (pip install Markdown==3.11.3).")


if __name__ == "__main__":
    main()
