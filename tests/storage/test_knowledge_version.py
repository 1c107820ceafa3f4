"""The knowledge every replica serves: one row, published by one process and read by all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from index.storage.database import Database
from index.storage.knowledge import KnowledgeVersions
from index.storage.migrations import LATEST, current_version, upgrade
from index.storage.tables import asked_topics, feedback, knowledge_version, metadata, schema_version


def test_published_knowledge_is_seen_by_every_process_on_the_database(database_url: str) -> None:
    publisher, reader = Database.open(database_url), Database.open(database_url)
    try:
        assert KnowledgeVersions(reader).published() is None

        assert KnowledgeVersions(publisher).publish("a" * 64) is True
        assert KnowledgeVersions(publisher).publish("a" * 64) is False  # no change
        assert KnowledgeVersions(reader).published() == "a" * 64

        assert KnowledgeVersions(reader).publish("b" * 64) is True
        assert KnowledgeVersions(publisher).published() == "b" * 64
    finally:
        publisher.close()
        reader.close()


def test_a_database_at_version_1_gains_the_knowledge_version_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    database = Database.connect(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    with database.write() as conn:
        later = (knowledge_version, feedback, asked_topics)  # tables versions 2 and 3 add
        tables = [t for t in metadata.sorted_tables if t not in later]
        metadata.create_all(conn, tables=tables)
        conn.execute(schema_version.insert().values(version=1, description="version 1"))
        conn.exec_driver_sql(
            "INSERT INTO seen_event (event_id, seen_at) "
            "VALUES ('Ev0001', '2026-12-01T09:00:00.000000Z')"
        )

    assert upgrade(database) == [2, 3] and LATEST == 3
    assert current_version(database) == 3
    with database.read() as conn:
        assert "knowledge_version" in inspect(conn).get_table_names()
        assert conn.exec_driver_sql("SELECT event_id FROM seen_event").scalar() == "Ev0001"
    database.close()
