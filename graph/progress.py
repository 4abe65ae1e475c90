"""What a student has learned, kept in one SQLite file that outlives rebuilds.

Learned services and concepts are stored by key (graph.keys), which stays the same when
the same notes are built again. The file is in WAL mode and every write is one short
transaction, so the app and the command line can write at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from graph.keys import keys_for, label_of, progress_key

__all__ = [
    "ProgressError", "ProgressStore", "default_progress_path", "keys_for", "label_of",
    "progress_key",
]  # fmt: skip

# Marks our files ("kgpr"), so that another SQLite file is refused rather than changed.
APPLICATION_ID = 0x6B677072
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 15_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS learned (
    key TEXT PRIMARY KEY,
    added TEXT NOT NULL
)
"""


class ProgressError(Exception):
    """The progress file cannot be used; the message says why."""


def default_progress_path() -> Path:
    """$KG_PROGRESS, else $XDG_DATA_HOME/studykg/progress.sqlite (~/.local/share/...)."""
    if os.environ.get("KG_PROGRESS"):
        return Path(os.environ["KG_PROGRESS"]).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "studykg" / "progress.sqlite"


class ProgressStore:
    """Learned services and concepts by key, in a SQLite file (created on the first write)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_progress_path()

    def _connect(self, create: bool) -> sqlite3.Connection:
        if self.path.is_dir():
            raise ProgressError(f"{self.path} is a folder, not a progress file")
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProgressError(f"cannot create {self.path.parent} ({exc.strerror})") from None
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._check(conn, create)
        except sqlite3.DatabaseError as exc:
            raise ProgressError(f"{self.path} is not a studykg progress file ({exc})") from None
        return conn

    def _check(self, conn: sqlite3.Connection, create: bool) -> None:
        """Refuse another program's file; set ours up on its first write."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables - {"learned"}):
            conn.close()
            raise ProgressError(f"{self.path} is not a studykg progress file; choose another")
        if app_id == 0 and create:
            conn.execute("PRAGMA journal_mode = WAL")
            with _transaction(conn):
                conn.execute(_SCHEMA)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def learned(self) -> set[str]:
        """Every learned key (empty when the file does not exist yet)."""
        if not self.path.exists():
            return set()
        with closing(self._connect(create=False)) as conn:
            if not _has_table(conn):
                return set()
            return {r[0] for r in conn.execute("SELECT key FROM learned")}

    def entries(self) -> list[dict]:
        """Learned keys with when they were added, oldest first."""
        if not self.path.exists():
            return []
        with closing(self._connect(create=False)) as conn:
            if not _has_table(conn):
                return []
            rows = conn.execute("SELECT key, added FROM learned ORDER BY added, key").fetchall()
        return [{"key": k, "name": label_of(k), "added": added} for k, added in rows]

    def add(self, keys: Iterable[str]) -> int:
        """Mark keys learned; returns how many were new."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(k, now) for k in dict.fromkeys(keys)]
        with closing(self._connect(create=True)) as conn, _transaction(conn):
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO learned (key, added) VALUES (?, ?)", rows)
            return conn.total_changes - before

    def remove(self, keys: Iterable[str]) -> int:
        """Forget keys; returns how many were learned."""
        if not self.path.exists():
            return 0
        with closing(self._connect(create=True)) as conn, _transaction(conn):
            before = conn.total_changes
            conn.executemany("DELETE FROM learned WHERE key = ?", [(k,) for k in set(keys)])
            return conn.total_changes - before

    def reset(self) -> int:
        """Forget everything; returns how many keys were learned."""
        if not self.path.exists():
            return 0
        with closing(self._connect(create=True)) as conn, _transaction(conn):
            return conn.execute("DELETE FROM learned").rowcount


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): a writer waits for the other, never
    upgrades a read lock halfway and fails."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind, exc, tb) -> None:
        self.conn.execute("ROLLBACK" if kind else "COMMIT")


def _has_table(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'learned'").fetchone())
