"""Alembic migrations of the SQL database, run programmatically (there is no alembic.ini).

``upgrade(url)`` brings a database to the newest revision; the server calls it at startup
through ``await upgrade_async(url)``. For development::

    python -m server.db.migrate upgrade                       # DATABASE_URL or sqlite huddle.db
    python -m server.db.migrate revision -m "add x" --autogenerate
    python -m server.db.migrate current
"""

from __future__ import annotations

import argparse
import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.config import Config

from server.settings import DEFAULT_DATABASE_URL

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, *, schema: str | None = None) -> Config:
    """An Alembic configuration for `url`, independent of the working directory.

    `schema` (PostgreSQL only) migrates into that schema: see `server.db.engine.make_engine`.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["url"] = url
    cfg.attributes["schema"] = schema
    return cfg


def upgrade(url: str, *, schema: str | None = None, revision: str = "head") -> None:
    """Run ``alembic upgrade <revision>`` against `url`, blocking until it is done.

    The migrations run on a fresh worker thread with their own event loop (``asyncio.run``),
    so this works from any thread, whether or not it runs an event loop, and never touches
    the caller's loop. A coroutine should ``await upgrade_async(url)`` so as not to block.
    """
    cfg = alembic_config(url, schema=schema)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="huddle-migrate") as pool:
        pool.submit(command.upgrade, cfg, revision).result()


async def upgrade_async(url: str, *, schema: str | None = None) -> None:
    """`upgrade` to head on a worker thread, without blocking the event loop."""
    await asyncio.to_thread(upgrade, url, schema=schema)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m server.db.migrate")
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("upgrade", help="upgrade to a revision (default head)")
    up.add_argument("revision", nargs="?", default="head")
    rev = sub.add_parser("revision", help="write a new revision file")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--autogenerate", action="store_true")
    sub.add_parser("current", help="show the database's revision")
    sub.add_parser("check", help="fail if the models and the migrations disagree")
    args = parser.parse_args(argv)
    cfg = alembic_config(args.url)
    if args.cmd == "upgrade":
        upgrade(args.url, revision=args.revision)
    elif args.cmd == "revision":
        command.revision(cfg, message=args.message, autogenerate=args.autogenerate)
    elif args.cmd == "current":
        command.current(cfg, verbose=True)
    else:
        command.check(cfg)


if __name__ == "__main__":
    main()
