"""The app factory: Quart for HTTP, python-socketio for live games, one ASGI app."""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from typing import Any

import socketio
from quart import Quart, jsonify
from redis.asyncio import BlockingConnectionPool, Redis
from sqlalchemy.exc import SQLAlchemyError

from games.errors import RuleViolation
from server.auth import TokenSigner, host_for_token
from server.blocklist import load_blocklist
from server.clock import now_ms
from server.context import AppContext
from server.db.database import Database
from server.db.scope import Role
from server.http.auth import auth_bp
from server.http.challenges import challenges_bp
from server.http.community import community_bp
from server.http.contributions import contributions_bp
from server.http.daily import daily_bp
from server.http.drives import drives_bp
from server.http.duels import duels_bp
from server.http.events import events_bp
from server.http.games import games_bp
from server.http.handlers import limit_bodies, register_error_handlers, register_security_headers
from server.http.invites import invites_bp
from server.http.leaderboards import leaderboards_bp
from server.http.lifecycle import lifecycle_bp
from server.http.media import UPLOAD_PATHS, media_body_limit, media_bp
from server.http.openapi import openapi_bp
from server.http.people import people_bp
from server.http.players import players_bp
from server.http.quiz_stats import quiz_stats_bp
from server.http.quizzes import questions_bp, quizzes_bp
from server.http.reports import reports_bp
from server.http.teams import teams_bp
from server.http.web import web_blueprint
from server.http.workspaces import workspaces_bp
from server.logs import OutageLog
from server.media.s3 import storage_from_settings
from server.metrics import Metrics
from server.nodes import NodeLiveness
from server.outbox import OutboxWriter
from server.retention import RetentionSweeper
from server.rooms.loaded import SignedIn
from server.rooms.runtime import Rooms
from server.settings import Settings
from server.shutdown_notice import ShutdownNotice
from server.sockets.fanout import SocketFanout
from server.sockets.guard import Guard
from server.sockets.inbound import Inbound
from server.sockets.namespaces import HostNamespace, PlayNamespace, ScreenNamespace
from server.sockets.redis_manager import RedisManager
from server.store.keys import Keys
from server.store.redis_store import GameStore
from server.store.script_lane import ScriptLane
from server.timers import Ticker

log = logging.getLogger("huddle")


def make_redis(settings: Settings) -> Redis:
    """The real Redis at ``REDIS_URL``, or an in-process fakeredis when it is unset."""
    if settings.embedded_redis:
        import fakeredis

        return fakeredis.FakeAsyncRedis(decode_responses=True)
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        decode_responses=True,
        max_connections=64,
        timeout=5,
        socket_timeout=5,
        socket_connect_timeout=5,
        health_check_interval=10,
        retry_on_timeout=True,
        # RESP2: redis-py 8 speaks RESP3 by default and re-encodes every sorted-set score to
        # bytes and back to keep the old reply shapes (ZRANGE WITHSCORES of 5,000 players:
        # 7.3 ms against 4.9 ms); the answer lane speaks RESP2 too.
        protocol=2,
    )
    return Redis(connection_pool=pool)


def create_app(settings: Settings) -> Any:
    """Build the ASGI app. Nothing connects until the server starts serving.

    Building an app changes nothing process-wide: the GC thresholds and the lean Engine.IO
    websocket loop are ``server.process_tuning``'s, applied by ``huddle serve``.
    """
    quart = Quart("huddle")
    # Media uploads may be larger than other bodies; `limit_bodies` keeps the others' limit.
    quart.config["MAX_CONTENT_LENGTH"] = max(settings.max_payload_bytes, media_body_limit(settings))
    register_error_handlers(quart)
    register_security_headers(quart)
    limit_bodies(quart, settings.max_payload_bytes, exempt=UPLOAD_PATHS)
    # A local folder, or an S3-compatible bucket when HUDDLE_MEDIA_S3_BUCKET is set.
    quart.extensions["huddle.media"] = storage_from_settings(settings)
    quart.register_blueprint(auth_bp)
    quart.register_blueprint(quizzes_bp)
    quart.register_blueprint(quiz_stats_bp)
    quart.register_blueprint(questions_bp)
    quart.register_blueprint(games_bp)
    quart.register_blueprint(events_bp)
    quart.register_blueprint(leaderboards_bp)
    quart.register_blueprint(players_bp)
    quart.register_blueprint(lifecycle_bp)
    quart.register_blueprint(people_bp)
    quart.register_blueprint(reports_bp)
    quart.register_blueprint(teams_bp)
    quart.register_blueprint(openapi_bp)
    quart.register_blueprint(media_bp)
    quart.register_blueprint(workspaces_bp)
    quart.register_blueprint(challenges_bp)
    quart.register_blueprint(invites_bp)
    quart.register_blueprint(duels_bp)
    quart.register_blueprint(daily_bp)
    quart.register_blueprint(contributions_bp)
    quart.register_blueprint(drives_bp)
    quart.register_blueprint(community_bp)
    quart.register_blueprint(web_blueprint())

    manager = None
    if not settings.embedded_redis:
        manager = RedisManager(settings.redis_url, channel=f"{settings.redis_prefix}:sio")
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        cors_allowed_origins=list(settings.cors_origins) or None,
        max_http_buffer_size=settings.max_payload_bytes,
        # Each client's events run in order on its own connection's reader instead of as a new
        # task each: one task and one event-loop pass fewer per answer (docs/performance.md).
        async_handlers=False,
        ping_interval=settings.ping_interval_s,
        ping_timeout=settings.ping_timeout_s,
        logger=False,
        engineio_logger=False,
    )
    redis = make_redis(settings)
    keys = Keys(settings.redis_prefix)
    store = GameStore(redis, keys, lane=ScriptLane.for_client(redis))
    fanout = SocketFanout(sio, redis, keys)
    live = Rooms(settings, store, fanout, now_ms, blocklist=load_blocklist(settings))
    fanout.rooms = live
    db = Database(settings.database_url)
    fanout.db = db
    ctx = AppContext(
        settings=settings,
        db=db,
        tokens=TokenSigner(settings.secret, settings.token_ttl_s),
        games=live,
    )
    quart.extensions["huddle"] = ctx
    metrics = Metrics()
    outage_log = OutageLog(log)
    guard = Guard(settings, store, metrics)
    # The cap on connections per address applies to Engine.IO connections too, before any
    # namespace is joined.
    eio_connect, eio_disconnect = sio._handle_eio_connect, sio._handle_eio_disconnect

    async def on_eio_connect(eio_sid: str, environ: dict[str, Any]) -> Any:
        if not guard.open_transport(eio_sid, environ):
            # Engine.IO refuses the handshake (401) with this JSON body.
            return {"code": "too_many_connections", "message": "too many connections from here"}
        await eio_connect(eio_sid, environ)
        return None

    async def on_eio_disconnect(eio_sid: str, *args: Any) -> None:
        try:
            await eio_disconnect(eio_sid, *args)
        finally:
            guard.close_transport(eio_sid)

    sio.eio.on("connect", on_eio_connect)
    sio.eio.on("disconnect", on_eio_disconnect)
    # Every message passes the per-address budget and the binary/malformed checks before
    # Socket.IO decodes it.
    sio.eio.on("message", Inbound(sio, guard, sio._handle_eio_message).message)
    # What a node queues for a client that does not read, before it drops it (transport.py).
    sio.eio.max_queued_bytes = settings.max_queued_bytes
    sio.eio.pace = guard.pace

    async def account_of(token: str, gid: str) -> SignedIn | None:
        try:
            account = await host_for_token(ctx.tokens, db, token)
            if account is None:
                return None
            member = await db.people.member_of_game(account.id, gid)
        except SQLAlchemyError as err:
            outage_log.warn("join: sql unavailable", err)
            raise RuleViolation(
                "unavailable", "sign-ins cannot be checked right now; try again"
            ) from None
        return SignedIn(account.id, account.name, account.email, member)

    sio.register_namespace(PlayNamespace(live, fanout, guard, account_of))

    async def host_of(token: str, creator: str | None, workspace_id: str | None) -> bool | None:
        try:
            host = await host_for_token(ctx.tokens, db, token)
            if host is None:
                return None
            if creator is not None and hmac.compare_digest(host.id, creator):
                return True
            role = (
                None if not workspace_id else await db.workspaces.membership(workspace_id, host.id)
            )
        except SQLAlchemyError as err:
            # As a Redis outage answers: nothing changed, try again (the host key still works).
            outage_log.warn("attach: sql unavailable", err)
            raise RuleViolation(
                "unavailable", "logins cannot be checked right now; try again"
            ) from None
        return role is not None and role.at_least(Role.HOST)

    sio.register_namespace(HostNamespace(live, fanout, guard, host_of))
    sio.register_namespace(ScreenNamespace(live, fanout, guard))

    async def refresh_gauges() -> None:
        metrics.players_connected.set(len(fanout.players.by_sid))
        metrics.live_games.set(len(fanout.players.by_game))
        try:
            metrics.outbox_entries.set(await store.outbox_length())
            metrics.outbox_dead.set(await store.outbox_dead_length())
        except Exception as err:
            outage_log.warn("metrics: redis unreachable", err)

    metrics.on_scrape(refresh_gauges)
    ctx.metrics = metrics
    ticker = Ticker(live, settings.tick_ms)
    nodes = NodeLiveness(live, fanout.players)
    writer = OutboxWriter(
        store,
        db,
        settings.outbox_poll_ms,
        now_ms,
        fanout.broadcast_nodes,
        on_written=lambda gid: metrics.outbox_written.inc(),
        on_set_aside=lambda gid: metrics.outbox_set_aside.inc(),
    )

    sweeper = RetentionSweeper(db, settings.retention_sweep_s)

    async def notify_shutdown() -> None:
        """Tell this node's clients it is going away, so they reconnect (to another node)."""
        live.stopping = True  # the disconnects that follow are not players leaving
        notice = {"reason": "server_shutdown", "message": "this server is restarting; reconnect"}
        for ns in ("/play", "/host", "/screen"):
            try:
                await sio.emit("shutdown", notice, namespace=ns, ignore_queue=True)
            except Exception:
                log.warning("shutdown notice failed on %s", ns, exc_info=True)

    shutdown_notice = ShutdownNotice(notify_shutdown)

    @quart.while_serving  # type: ignore[type-var]
    async def lifecycle() -> AsyncIterator[None]:
        await fanout.start()
        ticker.start()
        nodes.start()
        writer.start()
        sweeper.start()
        # From here the first SIGTERM or SIGINT tells the clients before the server closes
        # their sockets, under any ASGI server (server/shutdown_notice.py).
        shutdown_notice.install()
        log.info("huddle ready")
        yield
        shutdown_notice.uninstall()
        await shutdown_notice.send()  # if no signal did (the server was stopped another way)
        await nodes.stop()
        await ticker.stop()
        await writer.stop()
        await sweeper.stop()
        await fanout.stop()
        await live.drain()
        await db.close()
        if store.lane is not None:
            await store.lane.close()
        await redis.aclose()

    @quart.get("/metrics")
    async def metrics_endpoint() -> Any:
        return await metrics.render(), 200, {"Content-Type": metrics.content_type}

    @quart.get("/healthz")
    async def healthz() -> Any:
        return jsonify({"ok": True})

    @quart.get("/readyz")
    async def readyz() -> Any:
        checks = {"redis": False, "sql": False}
        try:
            # Ready for Redis once this node also hears the node bus (per-player events) and
            # python-socketio's Redis channel (room events); both subscribe again by themselves
            # after Redis was unreachable.
            manager_pubsub = getattr(sio.manager, "pubsub", None)
            manager_ready = manager_pubsub is None or bool(manager_pubsub.subscribed)
            checks["redis"] = bool(await redis.ping()) and fanout.bus_ready and manager_ready
        except Exception as err:
            outage_log.warn("readyz: redis unreachable", err)
        # Writable, not only reachable: a node whose SQLite file turned read-only (or whose
        # disk is full) cannot store results or accounts, so it should get no traffic.
        checks["sql"] = await db.ping() and await db.writable()
        metrics.sql_writable.set(int(checks["sql"]))
        if db.write_error is not None:
            outage_log.warn("readyz: sql cannot be written", db.write_error)
        status = 200 if all(checks.values()) else 503
        return jsonify({"ok": status == 200, **checks}), status

    app = socketio.ASGIApp(sio, other_asgi_app=quart, socketio_path="socket.io")
    app.huddle = ctx  # for tests
    app.quart = quart
    app.sio = sio
    return app
