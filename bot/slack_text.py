"""Slack message markup turned into plain words to search for.

A message's ``text`` holds mentions (``<@U0123>``), channel links (``<#C0123|team>``),
special mentions (``<!channel>``), links (``<https://…|label>``) and entities
(``&amp;``). A search wants only the words.

>>> plain_words("<@U000SCRBOT> what is <https://example.org|MASH>? &amp; <!here>")
'what is MASH? &'
"""

from __future__ import annotations

import html
import re

_MENTION = re.compile(r"<[@!][^>]*>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<(?:https?|mailto):[^|>]*(?:\|([^>]*))?>")
_SPACES = re.compile(r"\s+")


def plain_words(text: str) -> str:
    """``text`` without mentions, with links and channels as their labels, unescaped."""
    text = _MENTION.sub(" ", text or "")
    text = _CHANNEL.sub(lambda m: m.group(1) or " ", text)
    text = _LINK.sub(lambda m: m.group(1) or " ", text)
    return _SPACES.sub(" ", html.unescape(text)).strip()
