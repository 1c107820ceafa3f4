"""Dependencies point one way: knowledge -> index -> storage -> scheduler -> bot -> Slack.

The core (``index/``, ``scheduler/``) never imports Slack or ``bot``, so it can
be tested, benchmarked and reused without a Slack app; and only the storage
layer (``index/storage/``) speaks to a database.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = ("index", "scheduler")
SLACK = ("slack_bolt", "slack_sdk")

# Imports every core module in a fresh interpreter (this test process has
# imported Slack already), then reports which Slack packages got loaded.
IMPORT_CORE = """
import importlib, json, pkgutil, sys
for package_name in {packages!r}:
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, package_name + "."):
        importlib.import_module(module.name)
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {slack!r})))
"""


def core_modules() -> list[Path]:
    return sorted(path for package in CORE_PACKAGES for path in (REPO_ROOT / package).rglob("*.py"))


def imported_names(path: Path) -> list[str]:
    """Every module name ``path`` imports, at the top or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def test_importing_the_core_loads_no_slack():
    script = IMPORT_CORE.format(packages=CORE_PACKAGES, slack=SLACK)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_core_module_imports_neither_bot_nor_slack(path):
    forbidden = ("bot", *SLACK)
    bad = [name for name in imported_names(path) if name.split(".")[0] in forbidden]
    assert not bad, f"{path.relative_to(REPO_ROOT)} imports {bad}"


@pytest.mark.parametrize(
    "path",
    sorted((REPO_ROOT / "index").rglob("*.py")),
    ids=lambda p: str(p.relative_to(REPO_ROOT)),
)
def test_index_does_not_import_scheduler(path):
    bad = [name for name in imported_names(path) if name.split(".")[0] == "scheduler"]
    assert not bad, f"{path.relative_to(REPO_ROOT)} imports {bad}"


#: What speaks to a database: only index/storage/ may import these.
DATABASE_PACKAGES = ("sqlalchemy", "sqlite3", "psycopg")


@pytest.mark.parametrize(
    "path",
    sorted(
        path
        for package in ("bot", *CORE_PACKAGES)
        for path in (REPO_ROOT / package).rglob("*.py")
        if "storage" not in path.relative_to(REPO_ROOT).parts
    ),
    ids=lambda p: str(p.relative_to(REPO_ROOT)),
)
def test_only_the_storage_layer_speaks_to_the_database(path):
    bad = [name for name in imported_names(path) if name.split(".")[0] in DATABASE_PACKAGES]
    assert not bad, f"{path.relative_to(REPO_ROOT)} imports {bad}: ask index.storage instead"


def test_scrbot_ask_loads_no_database_driver(tmp_path):
    """A lookup from the command line needs no database: keep its cold start short."""
    script = (
        "import json, sys\n"
        "from bot.cli import main\n"
        "main(['ask', 'disguised compliance'])\n"
        f"loaded = [n for n in sys.modules if n.split('.')[0] in {DATABASE_PACKAGES!r}]\n"
        "print(json.dumps(sorted(loaded)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(REPO_ROOT), "SCRBOT_INDEX_DIR": str(tmp_path / "index")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_import_scan_sees_every_form_of_import(tmp_path):
    """The scan itself must catch late and dynamic imports, or the tests above prove nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "from bot.blocks import x\n"
        "def late():\n"
        "    import slack_sdk.web\n"
        "    importlib.import_module('slack_bolt')\n",
        encoding="utf-8",
    )
    assert sorted(imported_names(sample)) == ["bot.blocks", "os", "slack_bolt", "slack_sdk.web"]
