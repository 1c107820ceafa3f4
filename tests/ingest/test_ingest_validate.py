"""``scrbot validate`` checks quotations of an ingested source against the text
ingest kept beside the knowledge, with no sources folder given, and notices when
that text has changed since."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from index.validation import KnowledgeError, validate_documents

REVIEW = """\
# Learning from the review of Child Q

Anyshire Safeguarding Children Partnership

## Key findings

Professionals did not see Child Q on her own at any of the home visits.

## Recommendations

1. The Partnership should make sure that practitioners see children on their own.
"""


def _theme(quote: str) -> str:
    return textwrap.dedent(
        f"""\
        kind: theme
        id: seeing-children-alone
        title: Seeing children alone
        summary: Seeing a child on their own is how their voice is heard.
        cite: [{{source: anyshire-child-q, section: Key findings}}]
        aliases: [seen alone]
        key_points:
          - text: Child Q was never seen on her own at home visits.
            quote: "{quote}"
            cite: {{source: anyshire-child-q, section: Key findings}}
        practice_points: []
        questions: []
        """
    )


@pytest.fixture
def ingested(ingest, knowledge: Path, tmp_path: Path) -> Path:
    review = tmp_path / "child-q.md"
    review.write_text(REVIEW, encoding="utf-8")
    assert ingest(review, "--id", "anyshire-child-q").code == 0
    return knowledge


def test_quotations_of_an_ingested_source_are_checked_without_a_sources_folder(ingested):
    theme = ingested / "themes" / "seeing-children-alone.yaml"
    theme.write_text(_theme("did not see Child Q on her own"), encoding="utf-8")
    validate_documents(ingested)

    theme.write_text(_theme("never saw Child Q alone"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as raised:
        validate_documents(ingested)
    assert any("not found word for word" in p.message for p in raised.value.problems)


def test_a_kept_source_changed_since_it_was_ingested_is_reported(ingested, capsys):
    kept = ingested / "sources" / "anyshire-child-q.txt"
    kept.write_text(REVIEW.replace("Child Q", "Child R"), encoding="utf-8")

    assert main(["validate", "--knowledge", str(ingested)]) == 1
    assert "has changed since it was ingested" in capsys.readouterr().err


def test_validate_says_which_quotations_it_checked_against_kept_text(ingested, capsys):
    theme = ingested / "themes" / "seeing-children-alone.yaml"
    theme.write_text(_theme("did not see Child Q on her own"), encoding="utf-8")
    assert main(["validate", "--knowledge", str(ingested)]) == 0
    assert "1 of " in capsys.readouterr().out
