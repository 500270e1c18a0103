"""Turning what a reader typed into search terms."""

import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 10
# Han, Hiragana/Katakana and Hangul: scripts written without spaces between words.
CJK_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARACTERS}]")
CJK_PAIR = re.compile(f"[{CJK_CHARACTERS}]{{2}}")
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]{{2,}}")
PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
HAS_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False

    @property
    def is_cjk_pair(self):
        """Two CJK characters, the commonest length of a Chinese word: found through the pair index."""
        return bool(CJK_PAIR.fullmatch(self.text))

    @property
    def is_cjk(self):
        return bool(CJK.search(self.text))


def cjk_pairs(text):
    """Every two adjacent CJK characters in the text, once each: "光刻胶" gives "光刻 刻胶"."""
    pairs = (run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1))
    return " ".join(dict.fromkeys(pairs))


def parse_query(text):
    """Words and "quoted phrases"; an unbalanced quote is just a character.

    Terms with no letter or digit (a lone `*`, `-` or `(`) are dropped, and
    only the first MAX_TERMS count.
    """
    text = unicodedata.normalize("NFC", text.replace("\x00", " "))
    if text.count('"') % 2:
        text = text.replace('"', " ")
    terms = []
    for match in PHRASE_OR_WORD.finditer(text):
        phrase, word = match.groups()
        candidate = " ".join(phrase.split()) if phrase is not None else word
        if HAS_WORD_CHARACTER.search(candidate or "") and Term(candidate) not in terms:
            terms.append(Term(candidate, phrase=phrase is not None and " " in candidate))
    return terms[:MAX_TERMS]
