"""English attributions: who speaks where in a paragraph, and the marks of numbered priorities."""

import re

from articles.extraction.mentions import Mention

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
TOKEN = rf"[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)?(?:[-'’][{UPPER}]?[{LOWER}]+)?"
INITIAL = rf"[{UPPER}]\."
PARTICLE = r"(?:van|von|de|der|den|da|del|di|du|la|le|bin|al|dos)"
# A run of capitalised words: the name is its tail, once titles and other words are taken off.
# Bounded (six words): a page of capitalised words must not cost a pass over the rest at each word.
NAME_RUN = rf"(?:(?:Mr|Ms|Mrs|Dr|Prof)\.|{TOKEN}|{INITIAL})(?:\s+(?:{PARTICLE}\s+)?(?:{TOKEN}|{INITIAL})){{0,5}}"

VERBS_AFTER = (
    "said|says|stressed|noted|added|explained|argued|told|pointed out|warned|emphasi[sz]ed|remarked|observed|"
    "urged|suggested|continued|concluded|declared|insisted|asked|replied|commented|acknowledged|recalled|"
    "predicted|cautioned|proposed|believes|believed|highlighted|underlined|underscored|maintained|admitted|"
    "agreed|announced|stated|wrote|called for|called on|went on|summed up|put it|recommended|reminded|revealed|"
    "reckons|reckoned|thinks|expects|expected|hopes|hoped|estimated|outlined|set out|laid out|listed|"
    "identified|spelled out|spelt out|named|shared|told reporters|told the forum|told the audience|"
    "elaborated|urges|notes|adds|stresses|warns|argues|explains|insists|points out|disagreed|described|"
    "presented|introduced|reported|put forward|spoke|addressed|responded|countered|cautioned|emphasised|"
    "went further|echoed|told delegates"
)
VERBS_BEFORE = (
    "[Aa]ccording to|said|says|added|noted|explained|asked|continued|stressed|remarked|observed|recalled|warned|"
    "argued|concluded|insisted|commented|replied"
)
ADVERBS = (
    r"(?:(?:also|further|then|later|again|has|had|have|once again|specifically|particularly|firmly|repeatedly|"
    r"clearly|frankly|bluntly|openly)\s+){0,2}"
)
APPOSITIVE = r"(?:[^,;:!?“”\"\n.]|\.(?!\s))"
# An organisation's name: capitalised words, joined by "of", "for", "and", "the"…
ORG_WORD = r"[A-Z0-9][\w&.'’()-]*"
ORG = rf"(?:the\s+)?{ORG_WORD}(?:\s+(?:(?:of|for|and|at|the|on|in|&|de|du)\s+){{0,2}}{ORG_WORD}){{0,10}}"
ORG_PLACE = rf"{ORG}(?:,\s+{ORG})?"

AFTER_NAME = re.compile(
    rf"(?P<run>{NAME_RUN})"
    rf"(?:,\s+(?P<appos>{APPOSITIVE}{{2,160}}?(?:,\s+{ORG})?),|\s+(?:of|from|at)\s+(?P<of>{ORG_PLACE}),?)?"
    rf"\s+{ADVERBS}(?P<verb>{VERBS_AFTER})\b"
)
BEFORE_NAME = re.compile(
    rf"\b(?P<verb>{VERBS_BEFORE})\s+(?P<run>{NAME_RUN})"
    rf"(?:,\s+(?P<appos>{APPOSITIVE}{{2,160}}?))?(?=\s*[,.;:!?“\"]|\s*$)"
)
PRONOUN = re.compile(
    rf"\b(?P<pronoun>[Hh]e|[Ss]he)\s+{ADVERBS}(?P<verb>{VERBS_AFTER})\b|\b(?:said|added|says|adds|noted|continued)\s+(?P<pronoun_after>he|she)\b"
)
THAT_CLAUSE = re.compile(r"\s*(?:,\s*)?(?:on \w+\s+)?that\s+")

STOP_WORDS = set(
    "The This That These Those He She It They We I You But And Or So Yet Then Also However Meanwhile Moreover "
    "Yesterday Today Tomorrow On In At For From With By After Before During As When While Speaking Addressing "
    "According Asked Its His Her Their Our A An If Although Though Since Because Furthermore Still Now Here There "
    "Last Next First Second Third Finally Lastly Both Each Every Some Many Most Other Such What Which Who Why How "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Chinese China English Beijing Shanghai Tianjin Professor Prof Dr Mr Ms "
    "Mrs Madam Miss Academician Dean President Chairman Chairwoman Director Secretary General Vice Deputy Chief "
    "Executive Senior Engineer Doctor Sir Dame Lady Lord Minister Mayor Governor".split()
)
HONORIFICS = {"Mr", "Ms", "Mrs", "Dr", "Prof", "Madam", "Miss", "Sir", "Doctor", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof."}
# Titles before a name that are its position ("Vice Minister Wang"), unlike the honorifics.
TITLE_WORDS = set(
    "Professor Prof Academician Dean President Chairman Chairwoman Director Engineer Vice Deputy Executive Minister "
    "Governor Mayor Secretary Secretary-General Director-General Chief Senior Associate Assistant Commissioner "
    "Ambassador Consul Counsellor Researcher Party".split()
)
ORG_WORDS = set(
    "Group Company Association Federation University Institute Ministry Academy Bureau Council Committee Commission "
    "Department Administration Corporation Ltd Inc Center Centre Society Office Forum Agency Bank Daily News Times "
    "Plan Programme Program Party Government State National Province City Energy Chemical Chemicals Petroleum "
    "Materials Industry Industries Symposium Conference Summit Fund Union School College Laboratory Lab Park Zone "
    "Technology Technologies Research Sciences Science Development Reform Sinopec PetroChina CNOOC Xinhua".split()
)
ROLE_WORDS = (
    "president|chair|chairman|chairwoman|chairperson|director|secretary|professor|scientist|engineer|researcher|"
    "head|chief|manager|dean|analyst|founder|executive|officer|ceo|cto|cfo|economist|expert|vice|deputy|partner|"
    "fellow|academician|member|adviser|advisor|consultant|lecturer|leader|spokesman|spokeswoman|spokesperson|"
    "representative|editor|minister|mayor|governor|official|principal|coordinator|specialist|commissioner|"
    "technologist|designer|architect|supervisor|lead|owner|general|teacher|doctor|physician|investor|strategist|"
    "inspector|counsel|director-general|secretary-general|administrator|planner|instructor|postdoc|student"
)
ROLE = re.compile(rf"\b(?:{ROLE_WORDS})\b", re.I)
ROLE_BEFORE_NAME = re.compile(
    rf"(?:(?P<org>[{UPPER}][\w&.'’-]*(?:\s+(?:of|and|for|on|the|&|[{UPPER}][\w&.'’-]*))*?)(?:'s|’s)?\s+)?"
    rf"(?P<role>(?:(?:vice|deputy|executive|chief|general|senior|associate|assistant|honorary|former|acting|"
    rf"managing|party)[\s-]+){{0,3}}(?:president|chairman|chairwoman|director|secretary[\s-]general|secretary|"
    rf"professor|scientist|engineer|researcher|head|manager|dean|analyst|economist|expert|academician|"
    rf"spokesman|spokeswoman|spokesperson|founder|official|officer))\s+$",
    re.I,
)

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
ORDINAL_WORDS = "|".join(ORDINALS)
CAPITAL_ORDINALS = "|".join(word.title() for word in ORDINALS)
SENTENCE_START = r"(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?][\"”’']\s)|(?<=\n))"
PRIORITY_MARKERS = [
    (
        "ordinal",
        re.compile(
            rf"{SENTENCE_START}(?P<word>(?:{CAPITAL_ORDINALS})(?:ly)?|Finally|Lastly|Last but not least)"
            r"(?: of all| and foremost)?,\s+"
        ),
    ),
    ("ordinal", re.compile(rf"(?<=[;:]\s)(?P<word>(?:{ORDINAL_WORDS})(?:ly)?|finally|lastly)(?: of all)?,\s+")),
    ("numbered", re.compile(r"^\s*(?:(?P<n>\d{1,2})(?:\.(?=\s)|\)|、)|\((?P<n2>\d{1,2})\))\s*")),
    ("numbered", re.compile(r"(?<=[:;])\s*(?:\((?P<n2>\d{1,2})\)|(?P<n>\d{1,2})\))\s*")),
]
TITLE_END = re.compile(r"[,;:]|[.!?](?=\s|$)")


def marker_number(match):
    word = (match.groupdict().get("word") or "").lower()
    if word.startswith(("final", "last")):
        return "last"
    for ordinal, number in ORDINALS.items():
        if word.startswith(ordinal):
            return number
    digits = match.groupdict().get("n") or match.groupdict().get("n2")
    return int(digits) if digits else None


def is_stop(tokens, i):
    word = tokens[i].rstrip(".")
    if word == "He" and i + 1 < len(tokens):  # He Wenbo: a surname, not the pronoun
        return False
    return word in STOP_WORDS or tokens[i] in HONORIFICS or word in TITLE_WORDS


def split_run(run):
    """A capitalised run -> (title before the name, name tokens): 'Yesterday Vice Minister Wang Gang' ->
    ('Vice Minister', ['Wang', 'Gang']); honorifics (Dr., Mr.) are dropped."""
    tokens = run.split()
    cut = 0
    for i in range(len(tokens)):
        if is_stop(tokens, i):
            cut = i + 1
    leading = []
    for token in reversed(tokens[:cut]):
        if token.rstrip(".") not in TITLE_WORDS:
            break
        leading.insert(0, token)
    return " ".join(leading), tokens[cut:]


def parse_appositive(text):
    """'president of the X Federation' -> ('president', 'X Federation'); None when it names no role."""
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)
    if re.match(r"(?:who|whose)\b", text, re.I):
        return "", ""  # "X, who heads Y, said": a person, no role given here
    if re.match(r"(?:which|speaking|adding|noting|saying)\b", text, re.I):
        return None
    possessive = re.match(rf"^(?P<org>[{UPPER}0-9].*?)(?:'s|’s)\s+(?P<pos>.+)$", text)
    if possessive and ROLE.search(possessive["pos"]):
        return possessive["pos"].strip(), re.sub(r"^the\s+", "", possessive["org"], flags=re.I)
    position, organisation = text, ""
    split = list(re.finditer(r"\s(?:at|with|from)\s", text)) or list(re.finditer(r"\s(?:of|in)\s", text))[:1]
    if split:
        where = split[-1]
        candidate = re.sub(r"^(?:the)\s+", "", text[where.end() :].strip(), flags=re.I)
        if re.match(rf"[{UPPER}0-9]", candidate):
            position, organisation = text[: where.start()].strip(), candidate
    if not ROLE.search(position) or len(position.split()) > 8:
        return None
    return position, organisation


def is_person(tokens):
    return 1 <= len(tokens) <= 4 and not any(token in ORG_WORDS for token in tokens)


def mention_from(match, masked):
    leading, tokens = split_run(match["run"])
    if not is_person(tokens):
        return None
    position, organisation = leading, ""
    appositive = match.groupdict().get("appos")
    parsed = parse_appositive(appositive) if appositive else None
    if appositive and parsed is None and match.re is AFTER_NAME:
        return None  # "Li, however, said": the words between commas are no role, so this is not "Name, role, said"
    if parsed:
        position, organisation = parsed[0], parsed[1] or organisation
    of = match.groupdict().get("of")
    if of:
        organisation = re.sub(r"^the\s+", "", of.strip())
    if not position and match.start("run") > 0:
        before = ROLE_BEFORE_NAME.search(masked[max(0, match.start("run") - 160) : match.start("run")])
        if before:
            position = before["role"]
            org = before["org"] or ""
            organisation = organisation or re.sub(r"^the\s+", "", org, flags=re.I)
    return Mention(
        start=match.start(),
        end=match.end(),
        name=" ".join(tokens),
        position=position,
        organisation=organisation,
        reference=len(tokens) == 1,
        verb=match["verb"],
        gender=honorific_gender(match["run"]),
    )


def honorific_gender(run):
    first = run.split()[0].rstrip(".")
    return "f" if first in {"Ms", "Mrs", "Madam", "Miss"} else "m" if first == "Mr" else ""


WEAK = re.compile(
    rf"(?P<run>{NAME_RUN})(?:,\s+(?P<appos>{APPOSITIVE}{{2,160}}?(?:,\s+{ORG})?)(?=,)|\s+(?:of|from|at)\s+"
    rf"(?P<of>{ORG_PLACE}))?"
)


def weak_mentions(masked):
    """Names without a verb of saying: someone introduced with a role, or named again."""
    for match in WEAK.finditer(masked):
        leading, tokens = split_run(match["run"])
        if not is_person(tokens):
            continue
        position, organisation = leading, ""
        parsed = parse_appositive(match["appos"]) if match["appos"] else None
        if parsed:
            position, organisation = parsed
        elif match["of"] and leading:
            organisation = re.sub(r"^the\s+", "", match["of"].strip())
        yield Mention(
            start=match.start("run"),
            end=match.end(),
            name=" ".join(tokens),
            position=position,
            organisation=organisation,
            reference=len(tokens) == 1,
            weak=True,
        )


def written_in(text):
    return len(re.findall(r"[A-Za-z]", text)) >= 10


def attributions(paragraph, registry=None):
    """Who is said to speak in a paragraph, in order; the quotes themselves are masked out."""
    masked = paragraph.masked
    mentions = list(weak_mentions(masked))
    for pattern in (AFTER_NAME, BEFORE_NAME):
        for match in pattern.finditer(masked):
            mention = mention_from(match, masked)
            if mention:
                mentions.append(mention)
    for match in PRONOUN.finditer(masked):
        word = (match["pronoun"] or match["pronoun_after"]).lower()
        gender = "f" if word == "she" else "m"
        mentions.append(
            Mention(start=match.start(), end=match.end(), pronoun=True, verb=match["verb"] or "said", gender=gender)
        )
    return drop_overlaps(mentions)


def drop_overlaps(mentions):
    kept = []
    for mention in sorted(mentions, key=lambda m: (m.start, m.weak, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            if mention.weak or not kept[-1].weak:
                continue
            kept.pop()  # "said Tang Wei" wins over the bare name inside it
        kept.append(mention)
    return kept


def reported_text(paragraph, mention):
    """'X said that …': the words after 'that', to the end of the sentence, when no quotation follows."""
    that = THAT_CLAUSE.match(paragraph.masked, mention.end)
    if not that:
        return None
    start = that.end()
    end = paragraph.sentence_end_after(start)
    text = paragraph.text[start:end].strip()
    if "“" in paragraph.masked[start:end] or len(text.split()) < 4:
        return None
    return text.rstrip(".")


def title_and_description(item):
    item = item.strip()
    end = TITLE_END.search(item)
    if not end:
        return item.rstrip(" ;"), ""
    return item[: end.start()].strip(), item[end.end() :].strip().rstrip(";").strip()


QUOTE_MIN_WORDS = 4


def long_enough(words):
    return len(words.split()) >= QUOTE_MIN_WORDS


def join_split(first, second):
    return first.rstrip() + " " + second.lstrip()
