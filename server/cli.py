"""The ``huddle`` command: ``huddle serve``, ``huddle migrate``, ``huddle outbox`` and
``huddle retention``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from server.lan import advertised_url, is_loopback, is_wildcard, lan_address
from server.logs import setup_logging
from server.settings import Settings, SettingsError

log = logging.getLogger("huddle")


def _describe(settings: Settings) -> str:
    redis = "in-process fakeredis" if settings.embedded_redis else _redact(settings.redis_url)
    return f"redis: {redis}; database: {_redact(settings.database_url)}"


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


def advertise(settings: Settings, lan: str | None = None) -> tuple[Settings, str]:
    """The settings with the join links' base URL phones can open, and the start-up line.

    ``PUBLIC_URL`` wins. Without it a server bound to every interface (``HOST=0.0.0.0``)
    advertises this machine's LAN address (`lan`, else `server.lan.lan_address()`), so the
    QR code and ``join_url`` work on phones on the same network.
    """
    if is_wildcard(settings.host) and not settings.public_url and lan is None:
        lan = lan_address()
    url = advertised_url(settings.host, settings.port, settings.public_url, lan)
    if url is None:
        if is_loopback(settings.host):
            line = (
                f"only this machine can open http://{settings.host}:{settings.port}; to let "
                "phones on your network join, run with HOST=0.0.0.0 (make run HOST=0.0.0.0)"
            )
        else:
            line = (
                "no network address found for phones to open; set PUBLIC_URL to the address "
                "they should use"
            )
        return settings, line
    if not settings.public_url:
        settings = settings.with_overrides(public_url=url)
    return settings, f"phones on the same network open {url}"


def serve(settings: Settings) -> None:
    """Migrate the schema, then serve the app with uvicorn, the process tuned
    (``server.process_tuning``), until SIGTERM or SIGINT."""
    import uvicorn

    from server import process_tuning
    from server.app import create_app
    from server.db.migrate import upgrade

    log.info(
        "huddle serving on http://%s:%d (%s)", settings.host, settings.port, _describe(settings)
    )
    settings, line = advertise(settings)
    log.info("%s", line)
    if settings.embedded_redis:
        log.warning(
            "REDIS_URL is not set: using an in-process Redis. Live games are lost when this "
            "process stops, and it cannot be shared by several processes or nodes."
        )
    if settings.secret_generated:
        log.warning("HUDDLE_SECRET is not set: host logins will not survive a restart.")
    upgrade(settings.database_url)
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,
        ws_per_message_deflate=False,
        ws_ping_interval=settings.ping_interval_s,
        ws_ping_timeout=settings.ping_timeout_s,
        lifespan="on",
        access_log=False,
        # X-Forwarded-For counts only from HUDDLE_TRUSTED_PROXIES (server.sockets.guard), not
        # from whatever uvicorn trusts by default (127.0.0.1).
        proxy_headers=False,
        timeout_graceful_shutdown=5,
    )

    # The app tells its clients to reconnect elsewhere on SIGTERM by itself, before uvicorn
    # closes their sockets (server/shutdown_notice.py).
    with process_tuning.tuned():
        uvicorn.Server(config).run()


async def outbox(settings: Settings, action: str, game_id: str | None) -> int:
    """``huddle outbox list|retry|drop [GAME_ID | --all]`` against the Redis at REDIS_URL."""
    from server.app import make_redis
    from server.outbox_admin import dead_entries, take
    from server.store.keys import Keys
    from server.store.redis_store import GameStore

    redis = make_redis(settings)
    try:
        store = GameStore(redis, Keys(settings.redis_prefix))
        if action == "list":
            entries = await dead_entries(store)
            for entry in entries:
                print(entry.line())
            print(f"{len(entries)} entries set aside", file=sys.stderr)
            return 0
        taken = await take(store, game_id, retry=action == "retry")
        done = "put back in the outbox" if action == "retry" else "dropped"
        for gid in taken:
            print(f"{gid}\t{done}")
        if not taken:
            print("no such entry set aside", file=sys.stderr)
            return 1
        return 0
    finally:
        await redis.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="huddle", description="Huddle live quiz server")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="serve HTTP and Socket.IO")
    p_serve.add_argument("--host", help="address to bind (env HOST, default 127.0.0.1)")
    p_serve.add_argument("--port", type=int, help="port (env PORT, default 8000)")
    sub.add_parser("migrate", help="create or upgrade the SQL schema")
    p_outbox = sub.add_parser(
        "outbox", help="list, retry or drop results the outbox set aside (SQL refused them)"
    )
    p_outbox.add_argument("action", choices=["list", "retry", "drop"])
    p_outbox.add_argument("game_id", nargs="?", help="the game whose entry to retry or drop")
    p_outbox.add_argument("--all", action="store_true", help="retry or drop every entry")
    sub.add_parser(
        "retention", help="anonymise the results older than each workspace's retention, once"
    )
    args = parser.parse_args(argv)
    if (
        args.command == "outbox"
        and args.action != "list"
        and (args.game_id is None) == (not args.all)
    ):
        parser.error("outbox retry and drop take a GAME_ID or --all")
    try:
        settings = Settings.from_env()
    except SettingsError as err:
        print(f"huddle: {err}", file=sys.stderr)
        return 2
    overrides: dict[str, object] = {}
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    settings = settings.with_overrides(**overrides)
    setup_logging(settings.log_level, settings.log_format)
    if args.command == "migrate":
        from server.db.migrate import upgrade

        upgrade(settings.database_url)
        log.info("schema is up to date (%s)", _redact(settings.database_url))
        return 0
    if args.command == "retention":
        from server.retention import sweep_now

        report = asyncio.run(sweep_now(settings.database_url))
        print(
            f"{report.anonymised} result rows anonymised in "
            f"{report.workspaces} workspaces with a retention setting"
        )
        return 0
    if args.command == "outbox":
        if settings.embedded_redis:
            print(
                "huddle: REDIS_URL is not set; an in-process Redis's outbox is only reachable "
                "from its own server",
                file=sys.stderr,
            )
            return 2
        return asyncio.run(outbox(settings, args.action, None if args.all else args.game_id))
    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
