"""Create or upgrade the database's tables, or say which version they are."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION")
    actions.add_parser(
        "upgrade",
        help="create the tables, or bring them up to date (back the database up first)",
        description="Create the database's tables, or upgrade them to this version of "
        "scrbot. Safe to run while another process runs it too; nothing is lost.",
    )
    actions.add_parser(
        "status",
        help="the database in use and its schema version",
        description="Say which database is in use and whether its schema is up to date.",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from index.storage.database import Database
    from index.storage.errors import StorageError
    from index.storage.migrations import LATEST, current_version, upgrade

    settings = options.settings(command="db")
    action = args.db_action or "status"
    try:
        database = Database.connect(settings.database)
    except StorageError as error:
        return options.fail(str(error), command="db")
    try:
        where = database.shown_url()
        if action == "upgrade":
            before = current_version(database)
            applied = upgrade(database)
            if not applied:
                print(f"The database {where} is up to date (schema version {LATEST}).")
            elif before is None:
                print(f"Created the tables in {where} (schema version {LATEST}).")
            else:
                print(f"Upgraded {where} from schema version {before} to {LATEST}.")
            return 0
        found = current_version(database)
        if found == LATEST:
            print(f"The database {where} is up to date (schema version {LATEST}).")
            return 0
        state = "has no tables yet" if found is None else f"is at schema version {found}"
        print(f"The database {where} {state}; this scrbot needs {LATEST}: run scrbot db upgrade.")
        return 1
    except StorageError as error:
        return options.fail(str(error), command="db")
    finally:
        database.close()
