"""`manage.py extract_article [--json] FILE`: the listing, the exact JSON shape, and clear errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import SpeakerFactory

ENGLISH = (
    "Zhang Lei, president of the Coastal Polymer Federation, said the year had been hard.\n\n"
    '"We will not cut research," he said. "Not this year, not next year."\n\n'
    "Zhang Lei set out two tasks. First, build pilot plants, starting in Ningbo. Second, train engineers."
)
CHINESE = "中国涂料工业协会会长韩明表示：“研发投入一分都不能少。”\n\n韩明提出：一是稳定供应，保障下游；二是提升质量。"


def run(*args, stdin=None):
    out = io.StringIO()
    err = io.StringIO()
    if stdin is not None:
        import sys

        real = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        try:
            call_command("extract_article", *args, stdout=out, stderr=err)
        finally:
            sys.stdin = real
    else:
        call_command("extract_article", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def report(tmp_path):
    def write(content, name="report.txt"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)

    return write


def test_json_has_exactly_the_shape(report, db):
    data = json.loads(run("--json", report(ENGLISH)))
    assert data == {
        "speakers": [
            {"name": "Zhang Lei", "position": "president", "organisation": "Coastal Polymer Federation"},
        ],
        "quotes": [{"speaker": "Zhang Lei", "text": "We will not cut research, Not this year, not next year."}],
        "priorities": [
            {"number": 1, "title": "build pilot plants", "description": "starting in Ningbo.", "speaker": "Zhang Lei"},
            {"number": 2, "title": "train engineers", "description": "", "speaker": "Zhang Lei"},
        ],
    }


def test_json_in_chinese_keeps_the_characters(report, db):
    output = run("--json", report(CHINESE))
    data = json.loads(output)
    assert "韩明" in output  # not \\u escapes
    assert data["speakers"] == [{"name": "韩明", "position": "会长", "organisation": "中国涂料工业协会"}]
    assert data["quotes"] == [{"speaker": "韩明", "text": "研发投入一分都不能少。"}]
    assert [(p["number"], p["title"], p["description"]) for p in data["priorities"]] == [
        (1, "稳定供应", "保障下游"),
        (2, "提升质量", ""),
    ]


def test_listing_says_which_speakers_are_on_file(report, db):
    speaker = SpeakerFactory(name="韩明")
    output = run(report(CHINESE))
    assert f"韩明 — 会长, 中国涂料工业协会  [on file: #{speaker.pk}]" in output
    assert "Priorities (2)\n  1. 稳定供应 [韩明]\n     保障下游\n  2. 提升质量 [韩明]" in output


def test_dash_reads_standard_input(db):
    data = json.loads(run("--json", "-", stdin=CHINESE.encode()))
    assert data["speakers"][0]["name"] == "韩明"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "There is no text to read"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary file"),
        ("Zhang Lei said caf\xe9".encode("latin-1"), "not UTF-8"),
        (b"word " * 250_000, "at most 100,000"),
        (
            "材料".encode() * 200_000,
            "longer than 100,000 characters; at most",
        ),  # 1.2 MB of Chinese: too long, not "not UTF-8"
    ],
)
def test_bad_input_is_a_clear_error(report, content, message):
    with pytest.raises(CommandError, match=message):
        run("--json", report(content))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "nowhere.txt"))
