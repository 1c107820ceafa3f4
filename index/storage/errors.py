"""What goes wrong with the database, as messages that say what to do.

These never import SQLAlchemy, so code that only needs to catch them stays light.
"""

from __future__ import annotations


class StorageError(Exception):
    """The database cannot be opened or used; the message says what to do."""


class SchemaOutOfDate(StorageError):
    """The database's tables are older (or newer) than this version of scrbot."""
