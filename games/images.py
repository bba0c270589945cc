"""A question's media: which addresses may be its image, and which are on this site (phones show
only those, docs/privacy.md); its audio and video are always files stored on this site
(`games.media_names`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

from games import _validate as v
from games.errors import InvalidInput
from games.limits import MAX_IMAGE_URL
from games.media_names import media_kind, media_path_name
from games.text import FORBIDDEN_CATEGORIES
from games.types import JSON


class Media(NamedTuple):
    """A question's media (`parse_media`): each address or None."""

    image: str | None = None
    audio: str | None = None
    video: str | None = None


NO_MEDIA = Media()


def parse_media(d: Mapping[str, JSON], path: str) -> Media:
    """The media of question document `d` (its ``media`` object, each key optional).

    ``image`` is any address `is_image_url` allows; ``audio`` and ``video`` must be files stored
    on this site, ``/media/<sha256>.<ext>`` of an audio type (mp3, m4a, ogg) or of a video type
    (mp4) respectively (`games.media_names`), so a sound never comes from another site.
    """
    media = d.get("media")
    if media is None:
        return NO_MEDIA
    field = f"{path}.media"
    m = v.obj(media, field)
    v.only_keys(m, ("image", "audio", "video"), field)
    image = v.optional_text(m.get("image"), f"{field}.image", MAX_IMAGE_URL)
    if image is not None and not is_image_url(image):
        raise InvalidInput(
            f"{field}.image",
            f"{field}.image must be an http:// or https:// address, or a path on this site "
            "starting with a single /",
        )
    return Media(
        image,
        _stored(m.get("audio"), f"{field}.audio", "audio", "an mp3, m4a or ogg"),
        _stored(m.get("video"), f"{field}.video", "video", "an mp4"),
    )


def _stored(value: object, field: str, kind: str, what: str) -> str | None:
    url = v.optional_text(value, field, MAX_IMAGE_URL)
    if url is None:
        return None
    name = media_path_name(url)
    if name is None or media_kind(name) != kind:
        raise InvalidInput(field, f"{field} must be {what} file uploaded here (/media/...)")
    return url


def parse_image(d: Mapping[str, JSON], path: str) -> str | None:
    """The image address of question document `d` (its `media.image`), or None."""
    return parse_media(d, path).image


# An http(s) URL: a host (a name, an IPv4
# address or a bracketed IPv6 address) and an optional port, without a user:password@ part, then
# an optional path, query or fragment.
_ABSOLUTE_URL = re.compile(
    r"(?i:https?)://(?:\[[0-9A-Fa-f:.]+\]|[^/?#@:\[\]]+)(?::[0-9]{1,5})?(?:[/?#].*)?",
    re.DOTALL,
)


def is_image_url(url: str) -> bool:
    """Whether `url` may be a question's image: an absolute ``http://`` or ``https://`` URL
    without credentials, or a path on this site (``/images/q1.png``).

    Refused: any other scheme (``javascript:``, ``data:``), a scheme-relative ``//host`` (and
    ``/\\host``, which browsers read the same way), backslashes, whitespace and invisible
    characters (browsers drop some of them, which could turn a path into ``//host``).
    """
    if "\\" in url or any(ch.isspace() or _invisible(ch) for ch in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    return _ABSOLUTE_URL.fullmatch(url) is not None


def is_site_image(url: str) -> bool:
    """Whether the image address `url` points at this site (a path such as
    ``/media/<hash>.webp``), so that showing it tells no other site who is looking. Phones
    show only these (docs/privacy.md)."""
    return is_image_url(url) and url.startswith("/")


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in FORBIDDEN_CATEGORIES
