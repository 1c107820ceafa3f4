"""A throwaway PostgreSQL server on 127.0.0.1, for the tests that need a real one.

Used two ways, with only the standard library (it runs before the test
dependencies are installed):

* by ``.ci/run``::

      url=$(python3 tests/postgres_cluster.py start /tmp/scrbot-pg)   # prints the URL
      ...
      python3 tests/postgres_cluster.py stop /tmp/scrbot-pg

* by ``tests/conftest.py``, when no server was given in ``SCRBOT_TEST_POSTGRES_URL``
  and the PostgreSQL programs are on this machine (:func:`start`, :func:`stop`).

The cluster is initialised in a fresh folder by ``initdb`` and run by
``pg_ctl``, as the user running this unless that is root (PostgreSQL refuses to
run as root): then as the ``postgres`` system user, which Debian's package
creates. It listens on a free port on 127.0.0.1 only, with a password
(``scram-sha-256``), and trades durability for speed (no fsync): it holds
nothing but test data.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

#: The user the tests connect as (a superuser of the throwaway cluster).
USER = "scrbot"
#: Where Debian puts each major version's programs.
DEBIAN_PROGRAMS = Path("/usr/lib/postgresql")
#: The user a cluster runs as when this runs as root.
SERVICE_USER = "postgres"


class ClusterError(Exception):
    """The server could not be set up; the message says why."""


def programs() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest version), or None."""
    if DEBIAN_PROGRAMS.is_dir():
        versions = sorted(
            (p for p in DEBIAN_PROGRAMS.iterdir() if (p / "bin" / "initdb").exists()),
            key=lambda p: int(p.name) if p.name.isdigit() else 0,
        )
        if versions:
            return versions[-1] / "bin"
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _runner() -> list[str]:
    """The prefix that runs a program as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise ClusterError(
            f"running as root and there is no {SERVICE_USER!r} user to run PostgreSQL as "
            "(install the postgresql package, which creates it)"
        ) from None
    return ["runuser", "-u", SERVICE_USER, "--"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run(command: list[str], folder: Path) -> None:
    result = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=120)
    if result.returncode != 0:
        raise ClusterError(f"{' '.join(command)} failed: {result.stderr.strip()[-2000:]}")


def start(folder: Path) -> str:
    """Initialise and start a cluster in ``folder`` (which must not exist yet); the
    URL of its ``postgres`` database, with the password."""
    bin_dir = programs()
    if bin_dir is None:
        raise ClusterError("the PostgreSQL programs (initdb, pg_ctl) are not installed")
    runner = _runner()
    folder.mkdir(parents=True)
    data = folder / "data"
    password = secrets.token_hex(16)
    (folder / "password").write_text(password + "\n", encoding="utf-8")
    if runner:
        service = pwd.getpwnam(SERVICE_USER)
        for path in (folder, folder / "password"):
            os.chown(path, service.pw_uid, service.pw_gid)
    _run(
        [
            *runner,
            str(bin_dir / "initdb"),
            "--pgdata",
            str(data),
            "--username",
            USER,
            "--pwfile",
            str(folder / "password"),
            "--auth",
            "scram-sha-256",
            "--encoding",
            "UTF8",
            "--no-sync",
        ],
        folder,
    )
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    _run(
        [
            *runner,
            str(bin_dir / "pg_ctl"),
            "--pgdata",
            str(data),
            "--log",
            str(folder / "server.log"),
            "--options",
            options,
            "--wait",
            "--timeout",
            "60",
            "start",
        ],
        folder,
    )
    return f"postgresql://{USER}:{password}@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    """Stop the cluster in ``folder`` (if it runs) and delete the folder."""
    bin_dir = programs()
    data = folder / "data"
    if bin_dir is not None and (data / "postmaster.pid").exists():
        subprocess.run(
            [
                *_runner(),
                str(bin_dir / "pg_ctl"),
                "--pgdata",
                str(data),
                "--mode",
                "immediate",
                "--wait",
                "stop",
            ],
            capture_output=True,
            cwd=folder,
            timeout=60,
        )
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: postgres_cluster.py start|stop FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[1]).resolve()
    try:
        if argv[0] == "start":
            print(start(folder))
        else:
            stop(folder)
    except ClusterError as error:
        print(f"PostgreSQL for the tests: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
