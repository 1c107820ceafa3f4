"""The package installs and works anywhere: a wheel built from this checkout, put in
a fresh virtual environment, answers ``validate``, ``ask`` and ``console`` from a
folder that is not the checkout, with the knowledge and its schema from the wheel.

Offline: the wheel is built without build isolation and installed without
dependencies; the fresh environment borrows this one's installed libraries
through a ``.pth`` line (which loads no editable install of scrbot itself).
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("bot", "index", "scheduler", "knowledge"):
        shutil.copytree(
            ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "drafts")
        )
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
            str(source),
        ],
        cwd=work,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "dist").glob("scrbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "knowledge/schema.json" in names and "knowledge/sources.yaml" in names
    assert "index/english_words.txt" in names  # the words the speller leaves alone
    assert any(n.startswith("knowledge/themes/") and n.endswith(".yaml") for n in names)
    venv = work / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=work)
    assert made.returncode == 0, made.stderr
    (purelib,) = (venv / "lib").glob("python3*/site-packages")
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "borrowed-libraries.pth").write_text("\n".join(borrowed) + "\n")
    put = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        cwd=work,
    )
    assert put.returncode == 0, put.stdout + put.stderr
    return venv


def test_the_wheel_runs_from_any_folder(installed: Path, tmp_path: Path) -> None:
    scrbot = str(installed / "bin" / "scrbot")
    where = run(
        [str(installed / "bin" / "python"), "-c", "import bot, index; print(bot.__file__)"],
        tmp_path,
    )
    assert str(installed) in where.stdout, where.stdout + where.stderr

    validated = run([scrbot, "validate"], tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr

    asked = run([scrbot, "ask", "disguised compliance"], tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert "Disguised compliance" in asked.stdout
    misspelt = run([scrbot, "ask", "--json", "tired of disgised complience"], tmp_path)
    assert misspelt.returncode == 0, misspelt.stderr

    console = run([scrbot, "console"], tmp_path, stdin="themes\n")
    assert console.returncode == 0, console.stderr
    assert "Disguised compliance" in console.stdout
