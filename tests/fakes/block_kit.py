"""Block Kit checks as Slack's servers apply them, for the fake Web API.

Slack rejects a message or view whose blocks break the published limits with
``invalid_blocks`` (messages) or ``invalid_arguments`` (views), and explains
each problem in ``response_metadata.messages`` as
``[ERROR] <what> [json-pointer:<where>]``. These checks cover the block and
element types a bot like ours sends, with the limits from Slack's Block Kit
reference; anything unknown is rejected, as Slack does.

>>> check_blocks([{"type": "header", "text": {"type": "mrkdwn", "text": "Hi"}}])
['[ERROR] must be plain_text [json-pointer:/blocks/0/text/type]']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100

#: Block type -> the top-level fields Slack accepts on it.
BLOCK_FIELDS: dict[str, frozenset[str]] = {
    "section": frozenset({"type", "block_id", "text", "fields", "accessory", "expand"}),
    "header": frozenset({"type", "block_id", "text"}),
    "divider": frozenset({"type", "block_id"}),
    "context": frozenset({"type", "block_id", "elements"}),
    "actions": frozenset({"type", "block_id", "elements"}),
    "input": frozenset(
        {"type", "block_id", "label", "element", "dispatch_action", "hint", "optional"}
    ),
    "image": frozenset({"type", "block_id", "image_url", "slack_file", "alt_text", "title"}),
    "rich_text": frozenset({"type", "block_id", "elements"}),
    "markdown": frozenset({"type", "block_id", "text"}),
    # Messages only (Slack refuses it in a view): feedback and icon buttons.
    "context_actions": frozenset({"type", "block_id", "elements"}),
}
#: A feedback button (the positive or negative one of ``feedback_buttons``).
FEEDBACK_BUTTON_FIELDS = frozenset({"text", "value", "accessibility_label"})

#: Interactive element type -> the fields Slack accepts on it.
ELEMENT_FIELDS: dict[str, frozenset[str]] = {
    "button": frozenset(
        {"type", "text", "action_id", "url", "value", "style", "confirm", "accessibility_label"}
    ),
    "static_select": frozenset(
        {
            "type",
            "action_id",
            "options",
            "option_groups",
            "initial_option",
            "confirm",
            "focus_on_load",
            "placeholder",
        }
    ),
    "overflow": frozenset({"type", "action_id", "options", "confirm"}),
    "checkboxes": frozenset(
        {"type", "action_id", "options", "initial_options", "confirm", "focus_on_load"}
    ),
    "radio_buttons": frozenset(
        {"type", "action_id", "options", "initial_option", "confirm", "focus_on_load"}
    ),
    "plain_text_input": frozenset(
        {
            "type",
            "action_id",
            "initial_value",
            "multiline",
            "min_length",
            "max_length",
            "dispatch_action_config",
            "focus_on_load",
            "placeholder",
        }
    ),
    "datepicker": frozenset(
        {"type", "action_id", "initial_date", "confirm", "focus_on_load", "placeholder"}
    ),
    "users_select": frozenset(
        {"type", "action_id", "initial_user", "confirm", "focus_on_load", "placeholder"}
    ),
    "conversations_select": frozenset(
        {
            "type",
            "action_id",
            "initial_conversation",
            "default_to_current_conversation",
            "confirm",
            "response_url_enabled",
            "filter",
            "focus_on_load",
            "placeholder",
        }
    ),
    "channels_select": frozenset(
        {
            "type",
            "action_id",
            "initial_channel",
            "confirm",
            "response_url_enabled",
            "focus_on_load",
            "placeholder",
        }
    ),
    "image": frozenset({"type", "image_url", "slack_file", "alt_text"}),
}

#: Which elements each block may hold.
ACTIONS_ELEMENTS = frozenset(ELEMENT_FIELDS) - {"image", "plain_text_input"}
INPUT_ELEMENTS = frozenset(ELEMENT_FIELDS) - {"image", "button", "overflow"}
ACCESSORY_ELEMENTS = frozenset(ELEMENT_FIELDS) - {"plain_text_input"}

TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})


def check_blocks(
    blocks: Any, *, limit: int = MESSAGE_BLOCK_LIMIT, pointer: str = "/blocks"
) -> list[str]:
    """Return Slack's error messages for ``blocks`` (empty when Slack would accept them)."""
    if not isinstance(blocks, list):
        return [_error("must be an array", pointer)]
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(_error(f"no more than {limit} items allowed", pointer))
    seen_block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"{pointer}/{index}"
        errors.extend(_check_block(block, where))
        if isinstance(block, dict) and isinstance(block.get("block_id"), str):
            if block["block_id"] in seen_block_ids:
                errors.append(_error("block_id must be unique", f"{where}/block_id"))
            seen_block_ids.add(block["block_id"])
    return errors


def check_view(view: Any, pointer: str = "/view") -> list[str]:
    """Return Slack's error messages for a modal or Home tab ``view`` object."""
    if not isinstance(view, dict):
        return [_error("must be an object", pointer)]
    kind = view.get("type")
    common = {"type", "blocks", "private_metadata", "callback_id", "external_id"}
    if kind == "modal":
        allowed = common | {
            "title",
            "submit",
            "close",
            "clear_on_close",
            "notify_on_close",
            "submit_disabled",
        }
    elif kind == "home":
        allowed = common
    else:
        return [_error("must be one of modal, home", f"{pointer}/type")]
    errors = [
        _error("is not a valid key", f"{pointer}/{key}") for key in view if key not in allowed
    ]
    if kind == "modal":
        if "title" not in view:
            errors.append(_error("missing required field: title", pointer))
        else:
            errors.extend(_check_text(view["title"], f"{pointer}/title", 24, plain_only=True))
        for button in ("submit", "close"):
            if button in view:
                errors.extend(_check_text(view[button], f"{pointer}/{button}", 24, plain_only=True))
        has_input = any(
            isinstance(block, dict) and block.get("type") == "input"
            for block in view.get("blocks") or []
        )
        if has_input and "submit" not in view:
            errors.append(_error("submit is required when the view has input blocks", pointer))
    if "blocks" not in view:
        errors.append(_error("missing required field: blocks", pointer))
    else:
        errors.extend(
            check_blocks(view["blocks"], limit=VIEW_BLOCK_LIMIT, pointer=f"{pointer}/blocks")
        )
        for number, block in enumerate(view["blocks"] if isinstance(view["blocks"], list) else []):
            if isinstance(block, dict) and block.get("type") == "context_actions":
                errors.append(_error("is not allowed in a view", f"{pointer}/blocks/{number}/type"))
    errors.extend(_check_string(view, "callback_id", pointer, 255))
    errors.extend(_check_string(view, "private_metadata", pointer, 3000))
    errors.extend(_check_string(view, "external_id", pointer, 255))
    return errors


def _check_kind(
    item: Any, where: str, allowed_types: Iterable[str], fields: dict[str, Any]
) -> tuple[str | None, list[str]]:
    """An item's ``type`` and what is wrong with its shape: not an object, a type not
    allowed here, keys its type does not have. The type is None when the item cannot
    be checked any further."""
    if not isinstance(item, dict):
        return None, [_error("must be an object", where)]
    kind = item.get("type")
    if kind not in allowed_types:
        return None, [_error(f"unsupported type: {kind}", f"{where}/type")]
    unknown = [key for key in item if key not in fields[kind]]
    return kind, [_error("is not a valid key", f"{where}/{key}") for key in unknown]


def _elements(block: dict[str, Any], where: str, most: int) -> tuple[list[Any], list[str]]:
    """A block's ``elements`` and, unless it holds 1 to ``most`` of them, the error."""
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= most:
        return [], [_error(f"must hold between 1 and {most} items", f"{where}/elements")]
    return elements, []


def _check_block(block: Any, where: str) -> list[str]:
    kind, errors = _check_kind(block, where, BLOCK_FIELDS, BLOCK_FIELDS)
    if kind is None:
        return errors
    errors.extend(_check_string(block, "block_id", where, 255))
    if kind == "section":
        if "text" not in block and "fields" not in block:
            errors.append(_error("must provide text or fields", where))
        if "text" in block:
            errors.extend(_check_text(block["text"], f"{where}/text", 3000))
        if "fields" in block:
            fields = block["fields"]
            if not isinstance(fields, list) or len(fields) > 10:
                errors.append(_error("no more than 10 items allowed", f"{where}/fields"))
            else:
                for number, field in enumerate(fields):
                    errors.extend(_check_text(field, f"{where}/fields/{number}", 2000))
        if "accessory" in block:
            errors.extend(
                _check_element(block["accessory"], f"{where}/accessory", ACCESSORY_ELEMENTS)
            )
    elif kind == "header":
        errors.extend(_check_text(block.get("text"), f"{where}/text", 150, plain_only=True))
    elif kind == "context":
        elements, wrong = _elements(block, where, 10)
        errors.extend(wrong)
        for number, element in enumerate(elements):
            here = f"{where}/elements/{number}"
            if isinstance(element, dict) and element.get("type") == "image":
                errors.extend(_check_element(element, here, {"image"}))
            else:
                errors.extend(_check_text(element, here, 3000))
    elif kind == "actions":
        elements, wrong = _elements(block, where, 25)
        errors.extend(wrong)
        for number, element in enumerate(elements):
            errors.extend(_check_element(element, f"{where}/elements/{number}", ACTIONS_ELEMENTS))
    elif kind == "context_actions":
        elements, wrong = _elements(block, where, 5)
        errors.extend(wrong)
        for number, element in enumerate(elements):
            errors.extend(_check_feedback_buttons(element, f"{where}/elements/{number}"))
    elif kind == "input":
        errors.extend(_check_text(block.get("label"), f"{where}/label", 2000, plain_only=True))
        if "hint" in block:
            errors.extend(_check_text(block["hint"], f"{where}/hint", 2000, plain_only=True))
        errors.extend(_check_element(block.get("element"), f"{where}/element", INPUT_ELEMENTS))
    elif kind == "image":
        if "image_url" not in block and "slack_file" not in block:
            errors.append(_error("must provide image_url or slack_file", where))
        errors.extend(_check_string(block, "alt_text", where, 2000, required=True))
        errors.extend(_check_string(block, "image_url", where, 3000))
    elif kind == "markdown":
        errors.extend(_check_string(block, "text", where, 12000, required=True))
    elif kind == "rich_text":
        if not isinstance(block.get("elements"), list):
            errors.append(_error("must be an array", f"{where}/elements"))
    return errors


def _check_feedback_buttons(element: Any, where: str) -> list[str]:
    """``feedback_buttons``: an action id and a positive and a negative button, each
    with plain text (75), a value (2000) and optionally an accessibility label (75)."""
    if not isinstance(element, dict) or element.get("type") != "feedback_buttons":
        return [_error("must be feedback_buttons or icon_button", f"{where}/type")]
    errors = []
    unknown = set(element) - {"type", "action_id", "positive_button", "negative_button"}
    errors += [_error(f"unsupported field {name}", f"{where}/{name}") for name in sorted(unknown)]
    errors.extend(_check_string(element, "action_id", where, 255))
    for side in ("positive_button", "negative_button"):
        button = element.get(side)
        here = f"{where}/{side}"
        if not isinstance(button, dict):
            errors.append(_error("must provide an object", here))
            continue
        for name in sorted(set(button) - FEEDBACK_BUTTON_FIELDS):
            errors.append(_error(f"unsupported field {name}", f"{here}/{name}"))
        errors.extend(_check_text(button.get("text"), f"{here}/text", 75, plain_only=True))
        errors.extend(_check_string(button, "value", here, 2000, required=True))
        errors.extend(_check_string(button, "accessibility_label", here, 75))
    return errors


def _check_element(element: Any, where: str, allowed_types: frozenset[str] | set[str]) -> list[str]:
    kind, errors = _check_kind(element, where, allowed_types, ELEMENT_FIELDS)
    if kind is None:
        return errors
    errors.extend(_check_string(element, "action_id", where, 255))
    if kind == "button":
        errors.extend(_check_text(element.get("text"), f"{where}/text", 75, plain_only=True))
        errors.extend(_check_string(element, "value", where, 2000))
        errors.extend(_check_string(element, "url", where, 3000))
        if "style" in element and element["style"] not in ("primary", "danger"):
            errors.append(_error("must be one of primary, danger", f"{where}/style"))
    elif kind == "image":
        errors.extend(_check_string(element, "alt_text", where, 2000, required=True))
    if "placeholder" in element:
        errors.extend(
            _check_text(element["placeholder"], f"{where}/placeholder", 150, plain_only=True)
        )
    options = element.get("options")
    if options is not None:
        if not isinstance(options, list) or not 1 <= len(options) <= 100:
            errors.append(_error("must hold between 1 and 100 items", f"{where}/options"))
        else:
            for number, option in enumerate(options):
                errors.extend(_check_option(option, f"{where}/options/{number}"))
    return errors


def _check_option(option: Any, where: str) -> list[str]:
    if not isinstance(option, dict):
        return [_error("must be an object", where)]
    errors = _check_text(option.get("text"), f"{where}/text", 75)
    errors.extend(_check_string(option, "value", where, 150, required=True))
    return errors


def _check_text(text: Any, where: str, limit: int, *, plain_only: bool = False) -> list[str]:
    if not isinstance(text, dict):
        return [_error("must be a text object", where)]
    kind = text.get("type")
    if plain_only and kind != "plain_text":
        return [_error("must be plain_text", f"{where}/type")]
    if kind not in TEXT_TYPES:
        return [_error(f"unsupported type: {kind}", f"{where}/type")]
    allowed = {"type", "text", "emoji"} if kind == "plain_text" else {"type", "text", "verbatim"}
    errors = [_error("is not a valid key", f"{where}/{key}") for key in text if key not in allowed]
    errors.extend(_check_string(text, "text", where, limit, required=True))
    return errors


def _check_string(
    holder: dict[str, Any], key: str, where: str, limit: int, *, required: bool = False
) -> list[str]:
    if key not in holder:
        return [_error(f"missing required field: {key}", where)] if required else []
    value = holder[key]
    here = f"{where}/{key}"
    if not isinstance(value, str):
        return [_error("must provide a string", here)]
    if required and not value:
        return [_error("must be more than 0 characters", here)]
    if len(value) > limit:
        return [_error(f"must be less than {limit + 1} characters", here)]
    return []


def _error(what: str, pointer: str) -> str:
    return f"[ERROR] {what} [json-pointer:{pointer}]"
