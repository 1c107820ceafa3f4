"""What the posting function (written in ``bot/``) raises, so the scheduler can tell
a failure worth retrying from one that needs a person.

The bot maps Slack's answers onto these: a rate limit, a 5xx or a timeout is a
:class:`TransientPostError`; ``not_in_channel``, ``channel_not_found`` and the
like are a :class:`PermanentPostError`, retried by nobody until someone fixes it.
"""

from __future__ import annotations


class PostError(Exception):
    """Posting (or looking for an earlier post) did not work."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class TransientPostError(PostError):
    """Worth trying again later: Slack was busy, failing or slow.

    ``retry_after`` is Slack's own ``Retry-After`` (seconds), if it gave one.
    ``maybe_posted`` is True when the message may have gone out anyway (a
    timeout, a 5xx), so the channel must be checked before posting again.
    """

    def __init__(
        self,
        code: str,
        detail: str = "",
        *,
        retry_after: float | None = None,
        maybe_posted: bool = True,
    ) -> None:
        super().__init__(code, detail)
        self.retry_after = retry_after
        self.maybe_posted = maybe_posted


class PermanentPostError(PostError):
    """Will not work until a person changes something (e.g. invites the bot)."""


class HistoryUnavailable(PostError):
    """The channel's history cannot be read (the app was not granted
    ``channels:history``, or ``groups:history`` for a private channel), so whether an
    earlier attempt posted cannot be checked there. The runner goes by its own
    record instead: a slot it never tried to post is posted; one it may have posted
    is not posted again, and the admins are asked to look."""
