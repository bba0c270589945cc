"""Server settings: one frozen object, read once from the environment, failing loudly."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace


class SettingsError(ValueError):
    """A setting in the environment has a value the server cannot use."""


DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///huddle.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the server reads from its environment.

    ``redis_url`` empty means the in-process fakeredis (one process only).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    redis_url: str = ""
    database_url: str = DEFAULT_DATABASE_URL
    secret: str = field(default="", repr=False)
    public_url: str = ""
    redis_prefix: str = "huddle"
    cors_origins: tuple[str, ...] = ()
    token_ttl_s: int = 7 * 24 * 3600
    finished_ttl_s: int = 6 * 3600
    idle_ttl_s: int = 24 * 3600
    max_payload_bytes: int = 2 * 1024 * 1024
    tick_ms: int = 100
    outbox_poll_ms: int = 200
    # Seconds between retention sweeps on each node (server/retention.py); 0: none.
    retention_sweep_s: int = 3600
    log_level: str = "info"
    blocklist_path: str = ""
    # Languages of the multi-language nickname word lists (("all",) or names; () for none).
    blocklist_languages: tuple[str, ...] = ("all",)
    log_format: str = "json"
    trusted_proxies: tuple[str, ...] = ()
    # New players admitted per client address per minute (across nodes), and how many joins
    # an address makes each minute before each further one must solve a challenge (a small
    # proof of work of ``join_challenge_bits``; server/challenge.py). An office of 500 behind
    # one NAT joins within the minute; a bot flood pays a proof of work per join, then stops.
    join_rate_per_min: int = 1000
    join_challenge_after: int = 60
    join_challenge_bits: int = 14
    auth_rate_per_min: int = 20
    game_rate_per_min: int = 30
    max_running_games: int = 20
    event_rate_per_s: int = 20
    event_burst: int = 40
    max_conn_per_ip: int = 2000
    # Socket.IO messages per client address per second on one node, counted before they are
    # decoded, and the burst allowed: one address's flood cannot take a node's CPU from
    # everyone else; an office of hundreds behind one NAT stays within the burst.
    address_rate_per_s: int = 200
    address_burst: int = 2000
    # Failed ``/screen`` ``watch`` PIN lookups per client address per minute (0 = no limit).
    watch_failures_per_min: int = 30
    # Open ``/screen`` connections per client address on one node (0 = no limit).
    max_screens_per_ip: int = 50
    # Bytes a node queues for one client that does not read; over it the client is dropped.
    max_queued_bytes: int = 1024 * 1024
    # Engine.IO pings (and uvicorn's WebSocket keepalive): a client that answers no ping for
    # interval + timeout seconds (a dead or stalled connection) is dropped.
    ping_interval_s: int = 20
    ping_timeout_s: int = 20
    # Uploaded quiz images (docs/privacy.md): the folder they are kept in, the largest upload
    # and the most pixels an upload may claim (a decompression bomb claims far more).
    media_dir: str = "huddle-media"
    media_max_bytes: int = 8 * 1024 * 1024
    media_max_pixels: int = 40_000_000
    secret_generated: bool = False
    #: Member contributions an account may submit, and media files it may upload, per hour.
    submit_per_hour: int = 20
    upload_per_hour: int = 60
    # Audio and video uploads (POST /api/media, server/media/av.py): the largest file and the
    # longest play time of each.
    media_max_audio_bytes: int = 5 * 1024 * 1024
    media_max_video_bytes: int = 25 * 1024 * 1024
    media_max_audio_s: int = 120
    media_max_video_s: int = 60
    # An S3-compatible bucket for media instead of ``media_dir`` (server/media/s3.py): the
    # bucket (empty: the local folder), its endpoint (empty: AWS), region, keys (empty: boto3's
    # usual chain) and the prefix of every object's key.
    media_s3_bucket: str = ""
    media_s3_endpoint: str = ""
    media_s3_region: str = ""
    media_s3_access_key: str = field(default="", repr=False)
    media_s3_secret_key: str = field(default="", repr=False)
    media_s3_prefix: str = ""

    @property
    def embedded_redis(self) -> bool:
        return not self.redis_url

    @property
    def base_url(self) -> str:
        """The public base URL used in join links."""
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{self.port}"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default ``os.environ``)."""
        e = os.environ if env is None else env
        secret = e.get("HUDDLE_SECRET", "")
        generated = False
        if not secret:
            secret = secrets.token_urlsafe(32)
            generated = True
        origins = tuple(o.strip() for o in e.get("HUDDLE_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            host=e.get("HOST", "127.0.0.1"),
            port=_int(e, "PORT", 8000, 1, 65535),
            redis_url=e.get("REDIS_URL", ""),
            database_url=e.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            secret=secret,
            secret_generated=generated,
            public_url=e.get("PUBLIC_URL", ""),
            redis_prefix=e.get("HUDDLE_REDIS_PREFIX", "huddle"),
            cors_origins=origins,
            token_ttl_s=_int(e, "HUDDLE_TOKEN_TTL_S", 7 * 24 * 3600, 60, 365 * 24 * 3600),
            finished_ttl_s=_int(e, "HUDDLE_FINISHED_TTL_S", 6 * 3600, 60, 30 * 24 * 3600),
            idle_ttl_s=_int(e, "HUDDLE_IDLE_TTL_S", 24 * 3600, 600, 30 * 24 * 3600),
            max_payload_bytes=_int(e, "HUDDLE_MAX_PAYLOAD_BYTES", 2 * 1024 * 1024, 1024, 64 << 20),
            tick_ms=_int(e, "HUDDLE_TICK_MS", 100, 10, 5000),
            outbox_poll_ms=_int(e, "HUDDLE_OUTBOX_POLL_MS", 200, 10, 60000),
            retention_sweep_s=_int(e, "HUDDLE_RETENTION_SWEEP_S", 3600, 0, 7 * 24 * 3600),
            log_level=e.get("LOG_LEVEL", "info").lower(),
            blocklist_path=e.get("HUDDLE_BLOCKLIST", ""),
            blocklist_languages=_languages(e.get("HUDDLE_BLOCKLIST_LANGUAGES", "all")),
            log_format=_choice(e, "HUDDLE_LOG_FORMAT", "json", ("json", "text")),
            trusted_proxies=tuple(
                p.strip() for p in e.get("HUDDLE_TRUSTED_PROXIES", "").split(",") if p.strip()
            ),
            join_rate_per_min=_int(e, "HUDDLE_JOIN_RATE_PER_MIN", 1000, 0, 10**7),
            join_challenge_after=_int(e, "HUDDLE_JOIN_CHALLENGE_AFTER", 60, 0, 10**7),
            join_challenge_bits=_int(e, "HUDDLE_JOIN_CHALLENGE_BITS", 14, 1, 24),
            auth_rate_per_min=_int(e, "HUDDLE_AUTH_RATE_PER_MIN", 20, 0, 10**7),
            game_rate_per_min=_int(e, "HUDDLE_GAME_RATE_PER_MIN", 30, 0, 10**6),
            max_running_games=_int(e, "HUDDLE_MAX_RUNNING_GAMES", 20, 0, 10**6),
            event_rate_per_s=_int(e, "HUDDLE_EVENT_RATE_PER_S", 20, 0, 10**6),
            event_burst=_int(e, "HUDDLE_EVENT_BURST", 40, 1, 10**6),
            max_conn_per_ip=_int(e, "HUDDLE_MAX_CONN_PER_IP", 2000, 0, 10**7),
            address_rate_per_s=_int(e, "HUDDLE_ADDRESS_RATE_PER_S", 200, 0, 10**7),
            address_burst=_int(e, "HUDDLE_ADDRESS_BURST", 2000, 1, 10**7),
            watch_failures_per_min=_int(e, "HUDDLE_WATCH_FAILURES_PER_MIN", 30, 0, 10**6),
            max_screens_per_ip=_int(e, "HUDDLE_MAX_SCREENS_PER_IP", 50, 0, 10**7),
            max_queued_bytes=_int(e, "HUDDLE_MAX_QUEUED_BYTES", 1024 * 1024, 16384, 1 << 30),
            ping_interval_s=_int(e, "HUDDLE_PING_INTERVAL_S", 20, 1, 300),
            ping_timeout_s=_int(e, "HUDDLE_PING_TIMEOUT_S", 20, 1, 300),
            media_dir=e.get("HUDDLE_MEDIA_DIR", "").strip() or "huddle-media",
            media_max_bytes=_int(e, "HUDDLE_MEDIA_MAX_BYTES", 8 * 1024 * 1024, 1024, 64 << 20),
            media_max_pixels=_int(e, "HUDDLE_MEDIA_MAX_PIXELS", 40_000_000, 1, 200_000_000),
            submit_per_hour=_int(e, "HUDDLE_SUBMIT_PER_HOUR", 20, 0, 10**6),
            upload_per_hour=_int(e, "HUDDLE_UPLOAD_PER_HOUR", 60, 0, 10**6),
            media_max_audio_bytes=_int(
                e, "HUDDLE_MEDIA_MAX_AUDIO_BYTES", 5 * 1024 * 1024, 1024, 64 << 20
            ),
            media_max_video_bytes=_int(
                e, "HUDDLE_MEDIA_MAX_VIDEO_BYTES", 25 * 1024 * 1024, 1024, 256 << 20
            ),
            media_max_audio_s=_int(e, "HUDDLE_MEDIA_MAX_AUDIO_S", 120, 1, 3600),
            media_max_video_s=_int(e, "HUDDLE_MEDIA_MAX_VIDEO_S", 60, 1, 3600),
            media_s3_bucket=_s3_bucket(e.get("HUDDLE_MEDIA_S3_BUCKET", "").strip()),
            media_s3_endpoint=_s3_endpoint(e.get("HUDDLE_MEDIA_S3_ENDPOINT", "").strip()),
            media_s3_region=e.get("HUDDLE_MEDIA_S3_REGION", "").strip(),
            media_s3_access_key=e.get("HUDDLE_MEDIA_S3_ACCESS_KEY", "").strip(),
            media_s3_secret_key=e.get("HUDDLE_MEDIA_S3_SECRET_KEY", "").strip(),
            media_s3_prefix=_s3_prefix(e.get("HUDDLE_MEDIA_S3_PREFIX", "").strip()),
        )


_S3_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_S3_PREFIX = re.compile(r"[A-Za-z0-9/_.-]{0,200}")


def _s3_bucket(value: str) -> str:
    if value and not _S3_BUCKET.fullmatch(value):
        raise SettingsError(f"HUDDLE_MEDIA_S3_BUCKET={value!r} is not an S3 bucket name")
    return value


def _s3_endpoint(value: str) -> str:
    if value and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise SettingsError(f"HUDDLE_MEDIA_S3_ENDPOINT={value!r} is not an http(s) URL")
    return value


def _s3_prefix(value: str) -> str:
    if not _S3_PREFIX.fullmatch(value) or value.startswith("/") or ".." in value:
        raise SettingsError(
            f"HUDDLE_MEDIA_S3_PREFIX={value!r} must be letters, digits and / _ . - "
            "(at most 200, no leading /, no ..)"
        )
    return value


def _languages(raw: str) -> tuple[str, ...]:
    """``all`` (the default), ``none``, or comma-separated language names."""
    names = tuple(n.strip().lower() for n in raw.split(",") if n.strip())
    if names in ((), ("all",)):
        return ("all",)
    return () if names == ("none",) else names


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in allowed:
        raise SettingsError(f"{name}={value!r} is not one of {', '.join(allowed)}")
    return value


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}={value} is outside {lo}..{hi}")
    return value
