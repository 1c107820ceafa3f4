"""Everything the bot keeps, in one database picked by one URL.

``sqlite:///var/scrbot.sqlite3`` (the embedded default, a file on disk) or
``postgresql://user:password@host/scrbot`` to run several replicas and
schedulers on one shared database. The layer is SQLAlchemy Core, so one set of
table definitions and statements serves both; it is the only code that speaks
SQL. Callers ask for what they mean, one module per concern:

- :mod:`index.storage.digest` — the weekly prompt's slots and claims, with the admins'
  pauses, skips and pins (:mod:`~index.storage.digest_controls`) and the records
  both give (:mod:`~index.storage.digest_records`);
- :mod:`index.storage.records` — the record of use (lookups and discussions);
- :mod:`index.storage.seen` — Slack events and signed requests already handled;
- :mod:`index.storage.leader` — which scheduler process leads;
- :mod:`index.storage.installations` — workspaces installed through OAuth.

:mod:`index.storage.database` opens the database and checks its schema;
:mod:`index.storage.migrations` creates and upgrades it (``scrbot db upgrade``).
Every table that holds one workspace's data has ``team_id`` and ``enterprise_id``
columns; a single-workspace (token) install uses :data:`index.storage.workspace.SINGLE`.

Nothing here imports Slack. Importing this package is cheap: SQLAlchemy is
loaded by the modules that need it, so ``scrbot ask`` never pays for it.
"""
