"""The local console: try the bot in a terminal, without Slack.

Type what you would type after ``/scr`` and see the answer as Slack would show
it. The answer comes from the same verbs (:func:`bot.commands.run_command`) and
the same Block Kit builders as in Slack; :func:`render_blocks` only turns those
blocks into text for the terminal.

Example::

    $ scrbot console
    /scr disguised compliance
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from bot.commands import run_command
from bot.messages.console import (
    CONSOLE_BYE,
    CONSOLE_KNOWLEDGE_ERROR,
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


def _element(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "button":
        return f"[ {_text(element.get('text'))} ]"
    if kind in ("static_select", "multi_static_select", "overflow"):
        options = element.get("options") or [
            option
            for group in element.get("option_groups", [])
            for option in group.get("options", [])
        ]
        names = ", ".join(_text(o.get("text")) for o in options)
        return f"[ {_text(element.get('placeholder')) or 'Choose'} ▾ ] ({names})"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    if kind in ("mrkdwn", "plain_text"):
        return _text(element)
    return f"[{kind}]"


def _block(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        title = _text(block.get("text"))
        return [title, "=" * min(len(title), WIDTH)]
    if kind == "section":
        lines = _text(block.get("text")).splitlines() if block.get("text") else []
        for field in block.get("fields") or []:
            lines += _text(field).splitlines()
        if block.get("accessory"):
            lines.append("    " + _element(block["accessory"]))
        return lines
    if kind == "context":
        return ["  " + " · ".join(_element(e) for e in block.get("elements", []))]
    if kind == "divider":
        return ["-" * WIDTH]
    if kind == "actions":
        return ["  ".join(_element(e) for e in block.get("elements", []))]
    if kind == "input":
        return [f"{_text(block.get('label'))}: [ text box ]"]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    return [f"[{kind}]"]


def render_blocks(blocks: Iterable[Any]) -> str:
    """Block Kit blocks (objects or dicts) as terminal text, one block after another."""
    lines: list[str] = []
    for block in blocks:
        data = block.to_dict() if hasattr(block, "to_dict") else block
        if lines and data.get("type") in ("header", "section", "actions"):
            lines.append("")
        lines += _block(data)
    return "\n".join(lines).strip() + "\n"


def render_view(view: Any) -> str:
    """A modal or home tab as terminal text, its title first."""
    data = view.to_dict() if hasattr(view, "to_dict") else view
    title = _text(data.get("title")) if data.get("title") else ""
    body = render_blocks(data.get("blocks", []))
    return f"┌ {title} ┐\n{body}" if title else body


def run_console(
    settings: Settings | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    engine: Any = None,
) -> int:
    """Read lines from ``stdin`` and answer each as the slash command would.

    Ends cleanly at the end of input or on ``quit``/``exit``; returns an exit code.
    """
    from index.validation import KnowledgeError

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
    stdout.write(_text(CONSOLE_WELCOME.format(command=command)).replace("`", "") + "\n")
    while True:
        if interactive:
            stdout.write(CONSOLE_PROMPT.format(command=command))
        stdout.flush()
        line = stdin.readline()
        if not line:
            break
        typed = line.strip()
        if typed.lower() in ("quit", "exit", "q"):
            break
        if not interactive:
            stdout.write(f"{command} {typed}".rstrip() + "\n")
        reply = run_command(typed, engine, command=command, surface="console", settings=settings)
        stdout.write("\n" + render_blocks(reply.blocks))
        if reply.modal is not None:
            stdout.write("\n" + render_view(reply.modal))
        stdout.write("\n")
    stdout.write(CONSOLE_BYE + "\n")
    stdout.flush()
    return 0
