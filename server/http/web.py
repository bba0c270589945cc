"""The web pages: the built client in ``web/dist`` (``make web`` builds it).

Every page path answers the single-page app's ``index.html`` with ``Cache-Control: no-cache``
(the browser revalidates it, so a new build shows at the next load); the hashed files under
``/assets/`` never change and are cached for a year, and the few files at the top of the site
(`TOP_FILES`) are served as they are. When the client has not been built the pages answer
``503`` saying how to build it.

Text files come compressed when the browser accepts it: the build writes ``name.br`` and
``name.gz`` beside each (web/vite.config.ts), and the file answers with the best one the
``Accept-Encoding`` header allows (brotli, then gzip), ``Content-Encoding`` set and
``Vary: Accept-Encoding`` on every answer of a file that has them.

``/api``, ``/media``, ``/socket.io``, ``/metrics``, ``/healthz`` and ``/readyz`` are not
touched here.

The directory is ``web/dist`` beside the ``server`` package, or ``HUDDLE_WEB_DIR``.
"""

from __future__ import annotations

import json
import mimetypes
import os
from pathlib import Path

from quart import Blueprint, Response, request
from quart.helpers import send_from_directory
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

import server

HTML_CACHE = "no-cache"
ASSET_CACHE = "public, max-age=31536000, immutable"
FILE_CACHE = "public, max-age=3600"

# Page paths of the single-page app (web/src/router.ts has the same list).
PAGE_ROUTES = (
    "/",
    "/join",
    "/join/<pin>",
    "/play/<pin>",
    "/screen/<pin>",
    "/screen/event/<event_id>",
    "/me",
    "/me/challenges",
    "/me/contributions",
    "/contribute",
    "/library/community",
    "/drives/<drive_id>",
    "/host",
    "/host/<game_id>",
    "/login",
    "/register",
    "/quizzes",
    "/quizzes/<path:rest>",
    "/games",
    "/games/<game_id>",
    "/events",
    "/events/<path:rest>",
    "/leaderboards",
    "/workspace",
    "/invite/<token>",
    "/teams",
    "/teams/<team_id>",
    "/workspaces/<workspace_id>/people/<account_id>",
    "/challenges",
    "/challenges/<path:rest>",
    "/duels/<path:rest>",
    "/review",
    "/drives",
)
# Files at the top of web/dist that are not hashed (from web/public).
TOP_FILES = ("favicon.svg", "robots.txt")

# The pages run scripts only from this origin; the host's pages (editor, big screen) may show
# quiz images from anywhere.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src {img}; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
CSP = _CSP.format(img="'self' data: blob: https: http:")
# The players' pages (phones) load images from this origin only: another site would see the
# players' addresses (docs/privacy.md). The server already leaves such images out of the
# phones' State; this holds even for a page that was given one some other way.
PLAYER_CSP = _CSP.format(img="'self' data: blob:")
# Paths of the players' pages (a phone opens the game at one of them).
PLAYER_PAGES = ("/join", "/play/", "/me")

NOT_BUILT = "The web pages have not been built: run `make web` (or `make run`, which builds them)."

_NOT_BUILT_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport"
content="width=device-width, initial-scale=1"><title>Huddle: pages not built</title>
<style>body{font-family:system-ui,sans-serif;background:#1e1548;color:#fff;display:grid;
place-items:center;min-height:100vh;margin:0;padding:1rem}main{max-width:32rem}
code{background:#3a2a80;padding:.1em .3em;border-radius:.2em}</style></head>
<body><main><h1>Huddle is running, but its web pages are not built</h1>
<p>Run <code>make web</code> (or <code>make run</code>, which builds them) in the
Huddle directory, then reload this page.</p>
<p>The API and live games work meanwhile.</p></main></body></html>"""


def is_player_page(path: str) -> bool:
    """Whether `path` is one of the players' pages (`PLAYER_PAGES`), served with `PLAYER_CSP`."""
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in PLAYER_PAGES)


# Precompressed siblings, best first: (Content-Encoding, file suffix).
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


async def send_file_encoded(directory: Path, name: str) -> Response:
    """`name` under `directory`, as its precompressed sibling when the request accepts one."""
    compressed = [(coding, name + suffix) for coding, suffix in ENCODINGS]
    present = [(coding, path) for coding, path in compressed if (directory / path).is_file()]
    for coding, path in present:
        if request.accept_encodings.quality(coding) > 0:
            response = await send_from_directory(directory, path)
            response.headers["Content-Encoding"] = coding
            response.mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            break
    else:
        response = await send_from_directory(directory, name)
    if present:  # a cache must not hand the brotli body to a browser that asked for none
        response.vary.add("Accept-Encoding")
    return response


def default_web_dir() -> Path:
    """``web/dist`` beside the ``server`` package."""
    return Path(server.__file__).resolve().parent.parent / "web" / "dist"


def web_blueprint(web_dir: Path | None = None) -> Blueprint:
    """The blueprint serving the built client from `web_dir`.

    Without `web_dir`: ``HUDDLE_WEB_DIR`` when set, else `default_web_dir()`. The directory may
    appear after the server starts (it is looked at on every request).
    """
    if web_dir is None:
        env = os.environ.get("HUDDLE_WEB_DIR", "").strip()
        web_dir = Path(env) if env else default_web_dir()
    root = web_dir.resolve()
    bp = Blueprint("web", __name__)

    def not_built() -> Response:
        wants_html = "text/html" in request.headers.get("Accept", "")
        if wants_html:
            response = Response(_NOT_BUILT_HTML, status=503, mimetype="text/html")
        else:
            body = {"error": {"code": "web_not_built", "message": NOT_BUILT}}
            response = Response(json.dumps(body), status=503, mimetype="application/json")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Retry-After"] = "30"
        return response

    async def page(**_: str) -> ResponseReturnValue:
        if not (root / "index.html").is_file():
            return not_built()
        response = await send_file_encoded(root, "index.html")
        response.headers["Cache-Control"] = HTML_CACHE
        response.headers["Content-Security-Policy"] = (
            PLAYER_CSP if is_player_page(request.path) else CSP
        )
        return response

    for i, rule in enumerate(PAGE_ROUTES):
        bp.add_url_rule(rule, f"page{i}", page, methods=["GET"])

    @bp.get("/assets/<path:filename>")
    async def asset(filename: str) -> ResponseReturnValue:
        if not root.is_dir():
            return not_built()
        response = await send_file_encoded(root / "assets", filename)
        response.headers["Cache-Control"] = ASSET_CACHE
        return response

    async def top_file() -> ResponseReturnValue:
        name = request.path.lstrip("/")
        if not root.is_dir():
            return not_built()
        if not (root / name).is_file():
            raise NotFound()
        response = await send_file_encoded(root, name)
        response.headers["Cache-Control"] = FILE_CACHE
        return response

    for i, name in enumerate(TOP_FILES):
        bp.add_url_rule(f"/{name}", f"file{i}", top_file, methods=["GET"])

    return bp
