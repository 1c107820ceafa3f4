"""How text becomes search terms, the same way for the knowledge and for queries.

Anything a person types passes through :func:`clean_text` first: Slack markup
(``<@U123>``, ``<!channel>``, ``<https://x|label>``), HTML entities, punctuation
and search syntax all become plain spaces, so no user text ever reaches a query
parser. :data:`ANALYZER` then splits, lower-cases, drops filler words ("what is",
"how do I") and stems, so "referrals", "re-referral" and "referral" meet.

Example::

    >>> stems("What is <@U123> *disguised* compliance?")
    ['disguis', 'complianc']
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as porter_stem

#: Longest stretch of a query that is looked at; the rest is ignored.
MAX_QUERY_CHARS = 600

#: Words that carry no meaning in a lookup: grammar words and the ways people
#: ask ("what does ... mean", "tell me about ..."). Kept short on purpose: a
#: word here can never be searched for. Single letters are *not* dropped, so
#: "Case Y" keeps its "y".
STOP_WORDS = frozenset(
    """
    a about after again all also am an and any are as at be been before being
    both but by can could did do does doing dont didnt during each else
    explain for from had has have having he her here hers him his how i if in
    into is isnt it its itself just me mean meaning means more most my no nor
    not now of off on once only or other our ours out over own please same
    she should so some such tell than that thats the their theirs them then
    there these they this those through to too under until up us very was
    wasnt we were werent what whats when where whether which while who whom why
    will with wont would you your yours
    """.split()
)

_SLACK_LINK = re.compile(r"<(?:https?://|mailto:|tel:)[^<>|]*\|([^<>]*)>")
_SLACK_LABELLED = re.compile(r"<[#@!][^<>|]*\|([^<>]*)>")
_SLACK_BARE = re.compile(r"<[^<>]*>")
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
#: A match only ever starts where a word does; saying so spares the search trying
#: again from every letter of every word without a hyphen (twice as quick).
_HYPHENATED = re.compile(r"(?<![^\W_])[^\W_]+(?:[-‐‑–][^\W_]+)+")
_NOT_WORD = re.compile(r"[\W_]+")
_HAS_APOSTROPHE = re.compile(r"['’`]")
_HAS_HYPHEN = re.compile(r"[-‐‑–]")

#: What a word is, to the tokenizers below.
_WORD = re.compile(r"[^\W_]+")
#: A word as written: letters, with any apostrophes inside it ("child's").
_WRITTEN_WORD = re.compile(r"[^\W\d_]+(?:['’`][^\W\d_]+)*")

#: The indexing and query analyzer: words, lower case, no filler, Porter stems.
ANALYZER = (
    RegexTokenizer(_WORD.pattern)
    | LowercaseFilter()
    | StopFilter(stoplist=STOP_WORDS, minsize=1)
    | StemFilter()
)

#: The same without stemming, for spelling (whose vocabulary is real words).
WORD_ANALYZER = (
    RegexTokenizer(_WORD.pattern) | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)
)


def clean_text(text: object, limit: int | None = MAX_QUERY_CHARS) -> str:
    """Plain lower-case words separated by single spaces; never raises.

    Slack links keep their label; mentions and bare links are dropped; search
    syntax and punctuation become spaces; apostrophes inside words are removed
    ("wasn't" -> "wasnt", "child's" -> "childs").
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if limit is not None:
        # Markup and entities are short, so a little headroom keeps the cut clean.
        text = text[: limit * 2]
    text = _unmarked(text)
    text = _NOT_WORD.sub(" ", text).strip().casefold()
    if limit is not None and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return text


def _unmarked(text: str) -> str:
    """``text`` cleaned as :func:`clean_text` cleans it, up to turning what is not a
    word into spaces: Slack markup, entities, apostrophes and hyphens dealt with."""
    # Each step only where its character is present: the same result, and
    # cleaning the whole knowledge for the index takes a fraction of the time.
    if "<" in text:
        text = _SLACK_LINK.sub(r" \1 ", text)
        text = _SLACK_LABELLED.sub(r" \1 ", text)
        text = _SLACK_BARE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        # Surrogates (from broken input) cannot be encoded later; drop them.
        text = text.encode("utf-8", "ignore").decode("utf-8")
    if _HAS_APOSTROPHE.search(text):
        text = _APOSTROPHE.sub("", text)
    if _HAS_HYPHEN.search(text):
        # "co-operate" should meet "cooperate" and "operate": keep the parts and the joined word.
        text = _HYPHENATED.sub(_both_forms, text)
    return text


def _both_forms(match: re.Match[str]) -> str:
    parts = re.split(r"[-‐‑–]", match.group(0))
    return " ".join(parts) + " " + "".join(parts)


def prepare(text: str) -> str:
    """Knowledge text as it is indexed: the same cleaning as queries, uncut."""
    return clean_text(text, limit=None)


def stems(text: str) -> list[str]:
    """The search terms in ``text`` (cleaned, filler dropped, stemmed)."""
    return index_terms(_plain(text))[0]


def words(text: str) -> list[str]:
    """The meaningful words in ``text``, unstemmed, for spelling (what
    :data:`WORD_ANALYZER` gives, without building a token object per word)."""
    found = _WORD.findall(_plain(text).lower())
    return [word for word in found if word not in STOP_WORDS]


def written_words(text: str) -> list[str]:
    """The words of ``text`` exactly as it writes them, in lower case and without
    filler: what spelling may correct to. Unlike :func:`words`, no form the analysis
    makes is added: "two-day" gives "two" and "day" but not "twoday", and "child's"
    gives nothing (its apostrophe-less "childs" is not a word anyone writes).
    """
    found = _WRITTEN_WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return [word for word in found if word.isalpha() and word not in STOP_WORDS]


def _plain(text: str) -> str:
    """``text`` with the words :func:`clean_text` would find in it, uncut (for
    finding words in, not for showing). In ASCII the words are the same with or
    without the rest turned into spaces, and lower case is case folding, so those
    steps are left out: the lexicon of a large knowledge base is made in about
    half the time."""
    text = _unmarked(text)
    return text if text.isascii() else _NOT_WORD.sub(" ", text).casefold()


#: Word -> Porter stem, for indexing; the knowledge's vocabulary is bounded, so
#: every word it uses is kept.
_STEMS: dict[str, str] = {}


def index_terms(text: str) -> tuple[list[str], int]:
    """The terms :data:`ANALYZER` makes of ``text`` when indexing (uncleaned, as
    whoosh is given it), and the position of the first one; the rest follow on.

    The same terms and positions as the analyzer's token chain, made about three
    times faster, which is most of building the index of a large knowledge base.
    """
    terms: list[str] = []
    first = 0
    stemmed = _STEMS
    for position, word in enumerate(_WORD.findall(text)):
        word = word.lower()
        if word in STOP_WORDS:
            continue
        if not terms:
            first = position
        stem = stemmed.get(word)
        if stem is None:
            stem = stemmed[word] = porter_stem(word)
        terms.append(stem)
    return terms, first


@functools.lru_cache(maxsize=20_000)
def stem_word(word: str) -> str:
    """The stem of one already-clean word (empty for a filler word); remembered,
    as the same few thousand words are typed again and again."""
    found = [token.text for token in ANALYZER(word)]
    return found[0] if found else ""
