"""Proposes a report's speakers, quotes and numbered priorities from its text, in English and Chinese.

Rules over the text (stdlib `re`), no model: `extract(text)` returns `Proposals`;
`matching.match_speakers` links proposed speakers to the ones on file.
"""

from articles.extraction.extractor import MAX_CHARACTERS, ExtractionError, extract, plain_text

__all__ = ["MAX_CHARACTERS", "ExtractionError", "extract", "plain_text"]
