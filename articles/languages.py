"""The site's two languages, as articles store them and as Django's translation names them.

Articles keep the BCP 47 tag (`zh-Hans`, what `lang` and `hreflang` want);
Django's active language is lower case (`zh-hans`). Every conversion between
the two goes through here.
"""

import re

from django.utils import translation

ENGLISH = "en"
CHINESE = "zh-Hans"
# Django language code of each article language, and back.
DJANGO_CODES = {ENGLISH: "en", CHINESE: "zh-hans"}
# Each language named in itself, as the switcher names it: the label on an article
# listed on a page in the other language.
OWN_NAMES = {ENGLISH: "English", CHINESE: "中文"}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LETTER = re.compile(r"[^\W\d_]")


def from_django(code):
    """The article language of a Django language code; anything not Chinese is English."""
    return CHINESE if (code or "").lower().startswith("zh") else ENGLISH


def to_django(language):
    return DJANGO_CODES.get(language, "en")


def page_language():
    """The article language of the page being rendered (its URL decides, see settings)."""
    return from_django(translation.get_language())


def other_language(language):
    return ENGLISH if language == CHINESE else CHINESE


def looks_chinese(text):
    """Whether most letters of `text` are Chinese characters."""
    letters = LETTER.findall(text or "")
    return bool(letters) and sum(1 for letter in letters if HAN.match(letter)) * 2 >= len(letters)
