"""Shared by the audit benches: a throwaway database and the line each measurement prints.

`fresh_database(url)` empties the database the bench is about to fill: an SQLite file is
deleted; a PostgreSQL database (`postgres://user@host:port/name`) is dropped and made again
through the server's `postgres` database. Never point it at a database you want to keep.
"""

import os
from urllib.parse import urlsplit

TARGET_SECONDS = 1.0  # the target for each measurement, on this machine


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        return
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"the bench makes its own SQLite or PostgreSQL database, not {url}")
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    with psycopg.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                         user=parts.username or "postgres", password=parts.password,
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def line(label: str, seconds: float, cpu: float, queries: int, extra: str = "") -> str:
    """One measurement: wall seconds, this process's CPU seconds, queries, and the wall time
    as a ratio of the 1 s target (below 1 meets it)."""
    return (f"{label}: {seconds:.2f} s (CPU {cpu:.2f} s), {queries} queries, "
            f"{seconds / TARGET_SECONDS:.2f}x the 1 s target{extra}")
