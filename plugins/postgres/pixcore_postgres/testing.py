"""A throwaway PostgreSQL cluster for tests and benchmarks (not for production).

:class:`TemporaryCluster` runs ``initdb`` and ``pg_ctl`` from the installed server
binaries in a new temporary folder and serves on ``127.0.0.1`` at a free port, with
trust authentication for one superuser. PostgreSQL refuses to run as root: when the
process is root (CI), the cluster runs as the unprivileged user ``nobody``.

The binaries are found in ``$PIXCORE_PG_BINDIR``, then next to ``pg_ctl`` on ``PATH``,
then in Debian's ``/usr/lib/postgresql/<version>/bin`` (the newest version).

**Example**::

    with TemporaryCluster() as cluster:
        dsn = cluster.dsn()            # postgresql://pixcore@127.0.0.1:PORT/postgres
        ...
        cluster.restart()              # what a host sees when its database restarts
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, Self

__all__ = ["BINDIR_ENV", "TemporaryCluster", "find_bindir"]

BINDIR_ENV = "PIXCORE_PG_BINDIR"
"""The environment variable naming the folder of ``initdb`` and ``pg_ctl``."""

StopMode = Literal["smart", "fast", "immediate"]
"""``pg_ctl``'s shutdown modes; ``immediate`` is a crash (recovery from the WAL)."""

_USER = "pixcore"


def find_bindir() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``.

    :raises RuntimeError: no PostgreSQL server is installed (``apt-get install postgresql``).
    """
    candidates: list[Path] = []
    if os.environ.get(BINDIR_ENV):
        candidates.append(Path(os.environ[BINDIR_ENV]))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if re.fullmatch(r"\d+(\.\d+)?", p.name)]
        versions.sort(key=lambda p: float(p.name), reverse=True)
        candidates += [p / "bin" for p in versions]
    for folder in candidates:
        if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
        f"'postgresql' package or set {BINDIR_ENV}"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TemporaryCluster:
    """A PostgreSQL cluster in a temporary folder, removed on :meth:`close`.

    :param fsync: keep PostgreSQL's ``fsync`` on (benchmarks of durability); off by
        default, since a throwaway cluster need not survive a power loss.
    :param settings: more ``postgresql.conf`` settings.
    """

    def __init__(self, *, fsync: bool = False, settings: Mapping[str, str] | None = None) -> None:
        self.bindir = find_bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="pixcore-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = 0
        self._settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "fsync": "on" if fsync else "off",
            "max_connections": "300",
            **(settings or {}),
        }
        self._account = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
        self._started = False

    def _pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a server tool as the cluster's owner (``nobody`` when we are root)."""
        account = self._account
        return subprocess.run(
            [str(self.bindir / tool), *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=180,
            check=check,
            env={**os.environ, "LC_ALL": "C", "PGTZ": "UTC"},
            user=account.pw_uid if account else None,
            group=account.pw_gid if account else None,
            extra_groups=[] if account else None,
        )

    def start(self) -> Self:
        """Create the cluster (first time) and start it; returns ``self``."""
        if not self.data.exists():
            if self._account is not None:
                os.chown(self.folder, self._account.pw_uid, self._account.pw_gid)
            self._pg("initdb", "-D", str(self.data), "-U", _USER, "--auth=trust",
                     "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        for _ in range(5):  # another process may take the free port first
            self.port = self.port or _free_port()
            self._write_settings()
            done = self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                            "-t", "120", "start", check=False)  # fmt: skip
            if done.returncode == 0:
                self._started = True
                return self
            self.port = 0
        raise RuntimeError(f"PostgreSQL did not start: see {self.log}")

    def _write_settings(self) -> None:
        lines = [
            f"{key} = {value}" for key, value in {**self._settings, "port": str(self.port)}.items()
        ]
        settings = self.data / "postgresql.auto.conf"
        settings.write_text("\n".join(lines) + "\n")
        if self._account is not None:
            os.chown(settings, self._account.pw_uid, self._account.pw_gid)

    def require_password(self, role: str) -> None:
        """Make ``role`` log in with a password over TCP (SCRAM), then reload the server."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", role):
            raise ValueError("a plain lower-case role name is expected")
        hba = self.data / "pg_hba.conf"
        rule = f"host all {role} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + hba.read_text())
        self._pg("pg_ctl", "-D", str(self.data), "reload")

    def dsn(self, dbname: str = "postgres") -> str:
        """A libpq URI for ``dbname`` as the cluster's superuser."""
        return f"postgresql://{_USER}@127.0.0.1:{self.port}/{dbname}"

    def stop(self, mode: StopMode = "fast") -> None:
        """Stop the server (``immediate``: as if it crashed)."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self._started = False

    def restart(self, mode: StopMode = "fast") -> None:
        """Stop the server and start it again on the same port."""
        self.stop(mode)
        self.start()

    def close(self) -> None:
        """Stop the server and remove the folder (idempotent)."""
        if self._started:
            self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
            self._started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
