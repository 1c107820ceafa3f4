"""The local console: try the bot in a terminal, without Slack.

Type what you would type after ``/scr`` and see the answer as Slack would show
it. The answer comes from the same verbs (:func:`bot.commands.run_command`) and
the same Block Kit builders as in Slack; :func:`render_blocks` only turns those
blocks into text for the terminal. Buttons are numbered, and typing a number
presses one (:mod:`bot.console_buttons`). At a terminal the arrow keys bring back
earlier lines, kept between sessions (:mod:`bot.console_history`).

Example::

    $ scrbot console
    /scr disguised compliance
    …  [1: Open Case Y]  [2: More questions]
    /scr 1
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from bot.commands import run_command
from bot.console_buttons import Button, Pressed, action_of, press, pressable
from bot.messages.console import (
    CONSOLE_BYE,
    CONSOLE_KNOWLEDGE_ERROR,
    CONSOLE_NO_BUTTONS,
    CONSOLE_NO_SUCH_BUTTON,
    CONSOLE_PROMPT,
    CONSOLE_WELCOME,
)
from index.setting_file import load_settings
from index.settings import Settings

WIDTH = 78
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<(https?://[^|>]+)>")
_MENTION = re.compile(r"<@([A-Z0-9]+)>")
_SPECIAL = re.compile(r"<!(\w+)>")
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_QUOTE = re.compile(r"^(?:>|&gt;)", re.MULTILINE)
_MENUS = ("static_select", "multi_static_select", "overflow")
_TEXT_KINDS = ("mrkdwn", "plain_text", "image")


def _text(value: Any) -> str:
    """Terminal text from a Slack text object (mrkdwn or plain_text) or a string."""
    if isinstance(value, dict):
        value = value.get("text", "")
    text = str(value or "")
    text = _LINK.sub(r"\2 (\1)", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _MENTION.sub(r"@\1", text)
    text = _SPECIAL.sub(r"@\1", text)
    # As Slack shows them: bold without its asterisks, a quote with a bar.
    text = _BOLD.sub(r"\1", text)
    text = _QUOTE.sub("│ ", text)
    return html.unescape(text)


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    return list(element.get("options") or []) or [
        option for group in element.get("option_groups", []) for option in group.get("options", [])
    ]


class _Renderer:
    """Blocks as terminal text. Given a list of ``buttons`` (the console), each
    button it can press is numbered and added to the list, a menu becomes its
    numbered choices, and a button that means something only in Slack is left
    out; without one (a preview of a post), buttons are drawn as Slack shows them."""

    def __init__(self, buttons: list[Button] | None) -> None:
        self.buttons = buttons
        #: The choices of the menus shown: a bulleted list of the same names (the
        #: menu's text version in Slack) is not shown again under them.
        self.listed: set[str] = set()

    def _numbered(self, action: str, value: str, label: str) -> str:
        assert self.buttons is not None
        self.buttons.append(Button(action, value, label))
        return f"[{len(self.buttons)}: {label}]"

    def element(self, element: dict[str, Any]) -> str:
        kind = element.get("type")
        if kind in _TEXT_KINDS:
            return _text(element) if kind != "image" else f"[image: {element.get('alt_text', '')}]"
        if self.buttons is not None and not (pressable(element) or element.get("url")):
            return ""  # means something only in Slack
        if kind == "button":
            label = _text(element.get("text"))
            if element.get("url"):
                return f"{label} ({element['url']})"
            if self.buttons is None:
                return f"[ {label} ]"
            # The spoken label says what it acts on ("Open Case Y", not "Open case").
            spoken = str(element.get("accessibility_label") or "") or label
            return self._numbered(action_of(element), str(element.get("value") or ""), spoken)
        if kind in _MENUS:
            options = _options(element)
            placeholder = _text(element.get("placeholder")) or "Choose"
            if self.buttons is None:
                names = ", ".join(_text(o.get("text")) for o in options)
                return f"[ {placeholder} ▾ ] ({names})"
            action = action_of(element)
            lines = [f"{placeholder}:"]
            for option in options:
                label = _text(option.get("text"))
                self.listed.add(label)
                lines.append("  " + self._numbered(action, str(option.get("value") or ""), label))
            return "\n".join(lines)
        return f"[{kind}]"

    def _repeats_a_menu(self, text: str) -> bool:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return bool(self.listed) and all(
            line.startswith("• ") and line[2:] in self.listed for line in lines
        )

    def block(self, block: dict[str, Any]) -> list[str]:
        kind = block.get("type")
        if kind == "header":
            title = _text(block.get("text"))
            return [title, "=" * min(len(title), WIDTH)]
        if kind == "section":
            text = _text(block.get("text")) if block.get("text") else ""
            if self._repeats_a_menu(text):
                return []
            lines = text.splitlines()
            for field in block.get("fields") or []:
                lines += _text(field).splitlines()
            if block.get("accessory"):
                accessory = self.element(block["accessory"])
                lines += ["    " + line for line in accessory.splitlines()]
            return lines
        if kind == "context":
            parts = [self.element(e) for e in block.get("elements", [])]
            return ["  " + " · ".join(part for part in parts if part)]
        if kind == "divider":
            return ["-" * WIDTH]
        if kind in ("actions", "context_actions"):
            parts = [self.element(e) for e in block.get("elements", [])]
            return "  ".join(part for part in parts if part).splitlines()
        if kind == "input":
            return [f"{_text(block.get('label'))}: [ text box ]"]
        if kind == "image":
            return [f"[image: {block.get('alt_text', '')}]"]
        return [f"[{kind}]"]

    def blocks(self, blocks: Iterable[Any]) -> str:
        lines: list[str] = []
        #: Where the last block's lines start, when it is a caption (a context).
        caption: int | None = None
        for block in blocks:
            data = block.to_dict() if hasattr(block, "to_dict") else block
            shown = self.block(data)
            if not shown:
                if caption is not None and data.get("type") in ("actions", "context_actions"):
                    del lines[caption:]  # "Did this help?" goes with the buttons left out
                caption = None
                continue
            caption = len(lines) if data.get("type") == "context" else None
            if lines and data.get("type") in ("header", "section", "actions"):
                lines.append("")
            lines += shown
        return "\n".join(lines).strip() + "\n"


def render_blocks(blocks: Iterable[Any], buttons: list[Button] | None = None) -> str:
    """Block Kit blocks (objects or dicts) as terminal text, one block after another;
    given ``buttons``, numbered for the console (see :class:`_Renderer`)."""
    return _Renderer(buttons).blocks(blocks)


def render_view(view: Any, buttons: list[Button] | None = None) -> str:
    """A modal or home tab as terminal text, its title first."""
    data = view.to_dict() if hasattr(view, "to_dict") else view
    title = _text(data.get("title")) if data.get("title") else ""
    body = render_blocks(data.get("blocks", []), buttons)
    return f"┌ {title} ┐\n{body}" if title else body


def _line_reader(stdin: TextIO, stdout: TextIO, prompt: str) -> Callable[[], str]:
    """Reads one line (empty at the end of input). At a terminal, through
    :func:`input`, so that line editing and history work."""
    if stdin is sys.stdin and stdin.isatty():

        def typed() -> str:
            try:
                return input(prompt) + "\n"
            except EOFError:
                return ""

        return typed

    def piped() -> str:
        if stdin.isatty():
            stdout.write(prompt)
            stdout.flush()
        return stdin.readline()

    return piped


def run_console(
    settings: Settings | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    engine: Any = None,
) -> int:
    """Read lines from ``stdin`` and answer each as the slash command would; a
    number presses that button of the last answer.

    Ends cleanly at the end of input or on ``quit``/``exit``; returns an exit code.
    """
    from bot.console_history import ConsoleHistory
    from index.knowledge_problems import KnowledgeError

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    settings = settings or load_settings()
    if engine is None:
        from index.engine import LookupEngine

        try:
            engine = LookupEngine.open(settings.knowledge_paths or None, settings.index_dir)
        except KnowledgeError as error:
            stdout.write(CONSOLE_KNOWLEDGE_ERROR.format(error=error) + "\n")
            return 1
    command = settings.command
    interactive = stdin.isatty()
    history = ConsoleHistory.of(settings) if stdin is sys.stdin and interactive else None
    read_line = _line_reader(stdin, stdout, CONSOLE_PROMPT.format(command=command))
    buttons: list[Button] = []
    stdout.write(_text(CONSOLE_WELCOME.format(command=command)).replace("`", "") + "\n")
    try:
        while True:
            stdout.flush()
            line = read_line()
            if not line:
                break
            typed = line.strip()
            if typed.lower() in ("quit", "exit", "q"):
                break
            if not interactive:
                stdout.write(f"{command} {typed}".rstrip() + "\n")
            if typed.isdigit():
                number = int(typed)
                if not 1 <= number <= len(buttons):
                    said = CONSOLE_NO_SUCH_BUTTON if buttons else CONSOLE_NO_BUTTONS
                    stdout.write("\n" + said.format(number=number, count=len(buttons)) + "\n\n")
                    continue
                shown = press(buttons[number - 1], engine, settings)
            else:
                reply = run_command(
                    typed, engine, command=command, surface="console", settings=settings
                )
                shown = Pressed(blocks=list(reply.blocks), view=reply.modal)
            buttons = []  # numbered afresh for each answer
            if shown.blocks:
                stdout.write("\n" + render_blocks(shown.blocks, buttons))
            if shown.view is not None:
                stdout.write("\n" + render_view(shown.view, buttons))
            stdout.write("\n")
    finally:
        if history is not None:
            history.save()
    stdout.write(CONSOLE_BYE + "\n")
    stdout.flush()
    return 0
