"""A tip card a member writes (issue 16): a title, a body text, optional media on this site and
a few links. Pure: `parse_tip` validates a tip document and `Tip.to_doc` writes it back."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from games import _validate as v
from games.errors import InvalidInput
from games.images import is_site_image
from games.types import JSON

MAX_TIP_TITLE = 120
MAX_TIP_BODY = 2000
MAX_LINKS = 5
MAX_LINK_LABEL = 80
MAX_LINK_URL = 2000
MAX_MEDIA_PATH = 500
#: The media a tip may carry, at most one of each.
MEDIA_KINDS = ("image", "audio", "video")

# An absolute http(s) URL with a host, without credentials or whitespace.
_LINK = re.compile(
    r"(?i:https?)://(?:\[[0-9A-Fa-f:.]+\]|[^/?#@:\[\]\s\\]+)(?::[0-9]{1,5})?"
    r"(?:[/?#][^\s\\]*)?"
)


@dataclass(frozen=True, slots=True)
class Link:
    """A link under a tip: its address and an optional label."""

    url: str
    label: str | None = None

    def to_doc(self) -> dict[str, JSON]:
        doc: dict[str, JSON] = {"url": self.url}
        if self.label is not None:
            doc["label"] = self.label
        return doc


@dataclass(frozen=True, slots=True)
class Tip:
    """A validated tip card; build it with `parse_tip`."""

    title: str
    body: str
    media: tuple[tuple[str, str], ...] = ()
    links: tuple[Link, ...] = ()

    def to_doc(self) -> dict[str, JSON]:
        """The normalised tip document; `parse_tip` reads it back into an equal tip."""
        doc: dict[str, JSON] = {"title": self.title, "body": self.body}
        if self.media:
            doc["media"] = dict(self.media)
        if self.links:
            doc["links"] = [link.to_doc() for link in self.links]
        return doc

    def texts(self, path: str = "document") -> list[tuple[str, str]]:
        """Every text a reader sees, with its field: the moderation filter checks each."""
        out = [(f"{path}.title", self.title), (f"{path}.body", self.body)]
        out += [
            (f"{path}.links[{i}].label", link.label)
            for i, link in enumerate(self.links)
            if link.label is not None
        ]
        return out


def is_link_url(url: str) -> bool:
    """Whether `url` may be a tip's link: an absolute ``http://`` or ``https://`` address with a
    host and no user:password@ part, no whitespace or backslash."""
    return _LINK.fullmatch(url) is not None


def _media(value: JSON, field: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    m = v.obj(value, field)
    v.only_keys(m, MEDIA_KINDS, field)
    out: list[tuple[str, str]] = []
    for kind in MEDIA_KINDS:
        name = f"{field}.{kind}"
        url = v.optional_text(m.get(kind), name, MAX_MEDIA_PATH)
        if url is None:
            continue
        # Only this site's files: a reader's browser then tells no other site who looks.
        if not is_site_image(url):
            raise InvalidInput(name, f"{name} must be a path on this site starting with a single /")
        out.append((kind, url))
    return tuple(out)


def _links(value: JSON, field: str) -> tuple[Link, ...]:
    if value is None:
        return ()
    raw = v.listing(value, field, 0, MAX_LINKS)
    links: list[Link] = []
    for i, item in enumerate(raw):
        path = f"{field}[{i}]"
        d = v.obj(item, path)
        v.only_keys(d, ("url", "label"), path)
        url = v.text(v.required(d, "url", f"{path}.url"), f"{path}.url", MAX_LINK_URL)
        if not is_link_url(url):
            raise InvalidInput(f"{path}.url", f"{path}.url must be an http:// or https:// address")
        label = v.optional_text(d.get("label"), f"{path}.label", MAX_LINK_LABEL)
        links.append(Link(url, label))
    return tuple(links)


def parse_tip(doc: object, path: str = "document") -> Tip:
    """Validate a tip document ``{"title", "body", "media"?, "links"?}``; raises InvalidInput
    naming the field (``document.links[1].url``). Texts are trimmed; a blank optional text
    (a link's label, a media path) counts as missing."""
    d: Mapping[str, JSON] = v.obj(doc, path)
    v.only_keys(d, ("title", "body", "media", "links"), path)
    title = v.text(v.required(d, "title", f"{path}.title"), f"{path}.title", MAX_TIP_TITLE)
    body = v.text(v.required(d, "body", f"{path}.body"), f"{path}.body", MAX_TIP_BODY)
    return Tip(
        title=title,
        body=body,
        media=_media(d.get("media"), f"{path}.media"),
        links=_links(d.get("links"), f"{path}.links"),
    )
