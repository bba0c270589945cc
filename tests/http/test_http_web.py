"""The web pages' blueprint: the SPA entry on every page path, caching headers, 503 unbuilt."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from quart import Quart

from server.http.handlers import register_error_handlers
from server.http.web import (
    ASSET_CACHE,
    CSP,
    HTML_CACHE,
    PAGE_ROUTES,
    PLAYER_CSP,
    default_web_dir,
    web_blueprint,
)

PAGES = [
    "/",
    "/join",
    "/join/482913",
    "/play/482913",
    "/screen/482913",
    "/host",
    "/host/g_1",
    "/login",
    "/register",
    "/quizzes",
    "/quizzes/new",
    "/quizzes/q1/start",
    "/games",
    "/games/g1",
    "/screen/event/e1",
    "/me",
    "/me/challenges",
    "/me/contributions",
    "/contribute",
    "/library/community",
    "/drives/d_1",
    "/events",
    "/events/new",
    "/events/e1",
    "/events/e1/edit",
    "/leaderboards",
    "/workspace",
    "/invite/inv_abc.def-1",
    "/teams",
    "/teams/t_1",
    "/workspaces/w_1/people/a_1",
    "/challenges",
    "/challenges/new",
    "/challenges/ch_1",
    "/challenges/ch_1/screen",
    "/duels/new",
    "/duels/ch_2",
    "/review",
    "/drives",
]


def make_app(web_dir: Path) -> Quart:
    app = Quart(__name__)
    register_error_handlers(app)

    @app.get("/api/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    app.register_blueprint(web_blueprint(web_dir))
    return app


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    d = tmp_path / "dist"
    (d / "assets").mkdir(parents=True)
    (d / "index.html").write_text("<!doctype html><title>Huddle</title><div id=app></div>")
    (d / "assets" / "index-abc123.js").write_text("console.log('hi')")
    (d / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return d


async def test_every_page_path_answers_the_app(dist: Path) -> None:
    client = make_app(dist).test_client()
    assert len(PAGES) >= len(PAGE_ROUTES)
    for path in PAGES:
        resp = await client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["Cache-Control"] == HTML_CACHE
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
        assert resp.mimetype == "text/html"
        assert "<div id=app>" in await resp.get_data(as_text=True)


PLAYER_PAGES = [
    "/join",
    "/join/482913",
    "/play/482913",
    "/me",
    "/me/challenges",
    "/me/contributions",
]


def img_src(csp: str) -> list[str]:
    (directive,) = [d.strip() for d in csp.split(";") if d.strip().startswith("img-src ")]
    return directive.split()[1:]


async def test_players_pages_load_images_from_this_site_only(dist: Path) -> None:
    client = make_app(dist).test_client()
    for path in PAGES:
        csp = (await client.get(path)).headers["Content-Security-Policy"]
        if path in PLAYER_PAGES:
            assert csp == PLAYER_CSP, path
            assert img_src(csp) == ["'self'", "data:", "blob:"], path
        else:  # the host's pages, the big screen among them, may show any quiz image
            assert csp == CSP, path
            assert "https:" in img_src(csp), path


async def test_hashed_assets_are_cached_for_a_year(dist: Path) -> None:
    client = make_app(dist).test_client()
    resp = await client.get("/assets/index-abc123.js")
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == ASSET_CACHE
    assert "javascript" in resp.mimetype
    assert (await client.get("/assets/missing.js")).status_code == 404
    assert (await client.get("/assets/../index.html")).status_code == 404
    icon = await client.get("/favicon.svg")
    assert icon.status_code == 200
    assert "max-age=3600" in icon.headers["Cache-Control"]


async def test_api_and_unknown_paths_are_left_alone(dist: Path) -> None:
    client = make_app(dist).test_client()
    assert (await (await client.get("/api/ping")).get_json()) == {"ok": True}
    missing = await client.get("/api/nothing")
    assert missing.status_code == 404
    assert (await missing.get_json())["error"]["code"] == "not_found"
    assert (await client.get("/nothing/here")).status_code == 404
    assert (await client.post("/")).status_code == 405


async def test_unbuilt_pages_say_how_to_build(tmp_path: Path) -> None:
    client = make_app(tmp_path / "nowhere").test_client()
    page = await client.get("/join/123456", headers={"Accept": "text/html"})
    assert page.status_code == 503
    assert "make web" in await page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    api_style = await client.get("/", headers={"Accept": "application/json"})
    assert api_style.status_code == 503
    assert (await api_style.get_json())["error"]["code"] == "web_not_built"
    assert (await client.get("/assets/index.js")).status_code == 503


async def test_the_directory_comes_from_the_environment(
    dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_web_dir().parts[-2:] == ("web", "dist")
    monkeypatch.setenv("HUDDLE_WEB_DIR", str(dist))
    app = Quart(__name__)
    app.register_blueprint(web_blueprint())
    assert (await app.test_client().get("/")).status_code == 200


SCRIPT = "export const answer = 42;\n" * 200


@pytest.fixture
def compressed_dist(dist: Path) -> Path:
    """Files as the build leaves them: a script with its ``.gz`` and ``.br`` siblings (the
    ``.br`` body is a marker: only which file was chosen matters here)."""
    script = dist / "assets" / "index-big.js"
    script.write_text(SCRIPT)
    (dist / "assets" / "index-big.js.gz").write_bytes(gzip.compress(SCRIPT.encode()))
    (dist / "assets" / "index-big.js.br").write_bytes(b"brotli body")
    return dist


async def test_assets_come_compressed_as_the_browser_accepts(compressed_dist: Path) -> None:
    client = make_app(compressed_dist).test_client()
    path = "/assets/index-big.js"

    br = await client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.status_code == 200
    assert br.headers["Content-Encoding"] == "br"
    assert await br.get_data() == b"brotli body"
    assert "javascript" in br.mimetype
    assert "Accept-Encoding" in br.headers["Vary"]
    assert br.headers["Cache-Control"] == ASSET_CACHE

    gz = await client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(await gz.get_data()).decode() == SCRIPT
    assert "javascript" in gz.mimetype
    assert "Accept-Encoding" in gz.headers["Vary"]

    refused = await client.get(path, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    plain = await client.get(path, headers={"Accept-Encoding": "identity"})
    for resp in (refused, plain):
        assert "Content-Encoding" not in resp.headers
        assert await resp.get_data(as_text=True) == SCRIPT
        assert "Accept-Encoding" in resp.headers["Vary"]


async def test_files_without_compressed_siblings_are_sent_as_they_are(dist: Path) -> None:
    client = make_app(dist).test_client()
    resp = await client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in resp.headers
    assert await resp.get_data(as_text=True) == "console.log('hi')"
    assert "Accept-Encoding" not in resp.headers.get("Vary", "")
    assert (await client.get("/assets/index-abc123.js.missing")).status_code == 404


async def test_the_page_comes_compressed_too(dist: Path) -> None:
    html = (dist / "index.html").read_text() + "<!-- padding -->" * 100
    (dist / "index.html").write_text(html)
    (dist / "index.html.gz").write_bytes(gzip.compress(html.encode()))
    client = make_app(dist).test_client()
    resp = await client.get("/join/482913", headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.mimetype == "text/html"
    assert resp.headers["Cache-Control"] == HTML_CACHE
    assert gzip.decompress(await resp.get_data()).decode() == html
