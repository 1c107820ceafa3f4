"""What a screen reader meets, over signed HTTP: every message the bot answers
with has a meaningful ``text`` fallback, and a button whose label repeats in
the message for different things ("Open case", "Open case") says what it acts
on (``accessibility_label``)."""

from __future__ import annotations

from typing import Any

import pytest


def _buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        elements = list(block.get("elements", []))
        if "accessory" in block:
            elements.append(block["accessory"])
        found += [e for e in elements if e.get("type") == "button"]
    return found


@pytest.mark.parametrize(
    "typed", ["disguised compliance", "themes", "case z", "MASH", "help", "question"]
)
def test_answers_over_http_are_readable_by_a_screen_reader(slack: Any, typed: str) -> None:
    answer = slack.slash_command(typed)
    assert answer.status == 200
    body = answer.json()
    assert body.get("text", "").strip(), typed
    buttons = _buttons(body.get("blocks", []))
    # A label shared by buttons that act on different things is ambiguous.
    targets: dict[str, set[str]] = {}
    for button in buttons:
        targets.setdefault(button["text"]["text"], set()).add(button.get("value", ""))
    ambiguous = [b for b in buttons if len(targets[b["text"]["text"]]) > 1]
    for button in ambiguous:
        label = button.get("accessibility_label", "")
        assert label and label != button["text"]["text"], (typed, button)
    spoken = {(b["accessibility_label"], b.get("value", "")) for b in ambiguous}
    assert len({label for label, _ in spoken}) == len(spoken), (typed, spoken)
