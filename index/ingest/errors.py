"""The one error ingest raises for input it cannot use."""

from __future__ import annotations


class IngestError(Exception):
    """The input cannot be ingested; the message says what was wrong and what to do.

    ``code`` is the exit status a command line should give: 2 for bad input or
    usage, 1 when the work itself failed (a folder that cannot be written).
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
