"""One contract for every media storage, run against the local folder and against a real
S3-compatible server on loopback (moto's server mode): whole files under media names only,
the same content stored once, a missing or badly named file is None, and a refused or failed
put leaves nothing behind."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.media.s3 import S3MediaStorage, storage_from_settings
from server.media.storage import LocalMediaStorage, MediaStorage
from server.settings import Settings, SettingsError
from tests.media.s3_server import S3Server, s3_server

NAMES = {ext: f"{i}" * 64 + f".{ext}" for i, ext in enumerate(("webp", "mp3", "m4a", "ogg", "mp4"))}
BAD_NAMES = ("../escape.mp3", "c" * 64 + ".png", "C" * 64 + ".mp3", ".upload-x.part", "", "a/b.ogg")


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@dataclass
class Subject:
    storage: MediaStorage
    #: What the storage holds right now (file names or object keys).
    listing: Callable[[], list[str]]


@pytest.fixture(params=["local", "s3"])
async def subject(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Subject]:
    if request.param == "local":
        folder = tmp_path / "media"
        yield Subject(
            LocalMediaStorage(folder),
            lambda: sorted(p.name for p in folder.iterdir()) if folder.exists() else [],
        )
    else:
        server: S3Server = request.getfixturevalue("s3")
        bucket = server.new_bucket()
        yield Subject(server.storage(bucket, "media/"), lambda: server.keys(bucket))


def stored_name(subject: Subject, name: str) -> str:
    return f"media/{name}" if isinstance(subject.storage, S3MediaStorage) else name


async def test_every_kind_round_trips_whole_and_is_stored_once(subject: Subject) -> None:
    for ext, name in NAMES.items():
        data = f"{ext} bytes ".encode() * 100
        await subject.storage.put(name, data)
        await subject.storage.put(name, data)  # the same content again
        assert await subject.storage.get(name) == data
    assert subject.listing() == sorted(stored_name(subject, n) for n in NAMES.values())


async def test_a_missing_or_badly_named_file_is_none_and_bad_names_are_refused(
    subject: Subject,
) -> None:
    assert await subject.storage.get("f" * 64 + ".mp4") is None
    for bad in BAD_NAMES:
        with pytest.raises(ValueError):
            await subject.storage.put(bad, b"x")
        assert await subject.storage.get(bad) is None
    assert subject.listing() == []


async def test_a_failed_put_leaves_nothing_behind(
    subject: Subject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The disk fails mid-write (local), or the bucket is gone (S3): an error, and no file."""
    if isinstance(subject.storage, LocalMediaStorage):
        import server.media.storage as storage_module

        def full_disk(src: str, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(storage_module.os, "replace", full_disk)
        with pytest.raises(OSError):
            await subject.storage.put(NAMES["mp3"], b"data")
        assert subject.listing() == []
    else:
        gone = S3MediaStorage(
            "huddle-no-such-bucket", endpoint_url=subject.storage._client.meta.endpoint_url,
            region="us-east-1", access_key="test-access", secret_key="test-secret",
        )  # fmt: skip
        with pytest.raises(Exception, match="NoSuchBucket"):
            await gone.put(NAMES["mp3"], b"data")
        with pytest.raises(Exception, match="NoSuchBucket"):  # not "no such file": an error
            await gone.get(NAMES["mp3"])
        assert subject.listing() == []


def test_the_settings_choose_the_storage(s3: S3Server, tmp_path: Path) -> None:
    local = storage_from_settings(Settings(media_dir=str(tmp_path / "m")))
    assert isinstance(local, LocalMediaStorage) and local.folder == tmp_path / "m"
    env = {
        "HUDDLE_MEDIA_S3_BUCKET": "huddle-media",
        "HUDDLE_MEDIA_S3_ENDPOINT": s3.endpoint,
        "HUDDLE_MEDIA_S3_REGION": "eu-west-1",
        "HUDDLE_MEDIA_S3_ACCESS_KEY": "AKIDEXAMPLE",
        "HUDDLE_MEDIA_S3_SECRET_KEY": "wJalrXUtnFEMI",
        "HUDDLE_MEDIA_S3_PREFIX": "quiz/media/",
    }
    settings = Settings.from_env(env)
    assert "wJalrXUtnFEMI" not in repr(settings) and "AKIDEXAMPLE" not in repr(settings)
    remote = storage_from_settings(settings)
    assert isinstance(remote, S3MediaStorage)
    assert (remote.bucket, remote.prefix) == ("huddle-media", "quiz/media/")
    assert remote._client.meta.endpoint_url == s3.endpoint
    assert remote._client.meta.region_name == "eu-west-1"
    for name, value in [
        ("HUDDLE_MEDIA_S3_BUCKET", "Not_A_Bucket"),
        ("HUDDLE_MEDIA_S3_ENDPOINT", "ftp://example"),
        ("HUDDLE_MEDIA_S3_PREFIX", "../up"),
        ("HUDDLE_MEDIA_S3_PREFIX", "/abs"),
    ]:
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({**env, name: value})
