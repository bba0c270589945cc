"""A question's image address (``media.image``): http(s) URLs and paths on this site only."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.errors import InvalidInput
from games.images import is_image_url, is_site_image
from games.kinds.registry import parse_question
from games.limits import MAX_IMAGE_URL
from games.quiz import parse_quiz

P = "questions[3]"
FIELD = f"{P}.media.image"


def with_image(image: object) -> dict[str, Any]:
    return {
        "kind": "true_false",
        "prompt": "Sky is blue.",
        "correct": True,
        "media": {"image": image},
    }


ACCEPTED = [
    "https://example.com/q.png",
    "http://example.com",
    "https://example.com?size=2",
    "https://example.com#top",
    "HTTPS://Example.COM/A.png",
    "https://cdn.example.org:8443/a/b/c.png?x=1&y=2#f",
    "https://203.0.113.7/a.png",
    "https://[2001:db8::1]:8443/a.png",
    "https://example.com/user@2x.png",  # an @ in the path is not a password
    "https://bücher.example/bild.png",
    "/images/q1.png",
    "/",
    "/a:b/c.png?v=1",
    "https://x.org/" + "a" * (MAX_IMAGE_URL - len("https://x.org/")),
]

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "vbscript:msgbox",
    "blob:https://example.com/5e2f",
    "file:///etc/passwd",
    "ftp://example.com/a.png",
    "//evil.example/a.png",
    "///evil.example/a.png",
    "/\\evil.example/a.png",
    "\\\\evil.example\\a.png",
    "https://example.com\\@evil.example/",
    "https://user:secret@example.com/a.png",
    "https://user@example.com/a.png",
    "https://@example.com/a.png",
    "https://example.com:443@evil.example/",
    "https://",
    "https:///a.png",
    "https:/example.com/a.png",
    "https:example.com/a.png",
    "http//example.com/a.png",
    "https://example.com:http/a.png",
    "https://[::1/a.png",
    "example.com/a.png",
    "cat.png",
    "images/cat.png",
    "./cat.png",
    "?x=1",
    "#top",
    "/my cat.png",
    "/\t/evil.example/a.png",  # browsers drop the tab: //evil.example
    "/\n/evil.example/a.png",
    "https://exa\u200bmple.com/a.png",
    "https://example.com/a\u202e.png",
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_http_urls_and_site_paths_are_accepted(url: str) -> None:
    assert is_image_url(url)
    q = parse_question(with_image(url), P)
    assert q.image == url
    assert q.to_doc()["media"] == {"image": url}
    assert parse_question(q.to_doc(), P) == q


def test_the_address_is_trimmed_first() -> None:
    assert parse_question(with_image("  https://x.org/a.png \n"), P).image == "https://x.org/a.png"


@pytest.mark.parametrize("url", REFUSED)
def test_other_addresses_are_refused_naming_the_question(url: str) -> None:
    assert not is_image_url(url.strip())
    with pytest.raises(InvalidInput) as info:
        parse_question(with_image(url), P)
    err = info.value
    assert (err.code, err.field) == ("invalid", FIELD)
    assert err.message.startswith(f"{FIELD} must be an http:// or https:// address")


def test_a_quiz_names_the_question_with_the_bad_image() -> None:
    good = with_image("https://example.com/ok.png")
    doc = {"title": "Pictures", "questions": [good, with_image("javascript:alert(1)")]}
    with pytest.raises(InvalidInput) as info:
        parse_quiz(doc)
    assert info.value.field == "questions[1].media.image"
    assert "questions[1]" in info.value.message


def test_the_length_limit_still_applies() -> None:
    url = "https://x.org/" + "a" * (MAX_IMAGE_URL + 1 - len("https://x.org/"))
    with pytest.raises(InvalidInput) as info:
        parse_question(with_image(url), P)
    assert f"at most {MAX_IMAGE_URL}" in info.value.message


@given(st.text(max_size=60))
def test_whatever_is_accepted_is_http_or_a_site_path(text: str) -> None:
    try:
        image = parse_question(with_image(text), P).image
    except InvalidInput as err:
        assert err.field == FIELD
        return
    if image is None:
        assert text.strip() == ""
        return
    assert image == text.strip()
    assert "\\" not in image and not any(ch.isspace() for ch in image)
    lowered = image.lower()
    if lowered.startswith(("http://", "https://")):
        authority = lowered.split("://", 1)[1]
        for sep in "/?#":
            authority = authority.split(sep, 1)[0]
        assert authority and "@" not in authority
    else:
        assert image.startswith("/") and not image.startswith("//")


hosts = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){1,3}", fullmatch=True)
paths = st.text(
    st.characters(whitelist_categories=("L", "N"), whitelist_characters="/._-~%?=&#@:+"),
    max_size=40,
)


@given(st.sampled_from(["http", "https", "HTTPS"]), hosts, st.none() | st.integers(1, 65535), paths)
def test_any_absolute_url_without_credentials_is_accepted(
    scheme: str, host: str, port: int | None, path: str
) -> None:
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}/{path}"
    assert parse_question(with_image(url), P).image == url


@given(hosts, paths)
def test_any_scheme_relative_url_is_refused(host: str, path: str) -> None:
    for url in (f"//{host}/{path}", f"/\\{host}/{path}", f"https://me:pw@{host}/{path}"):
        assert not is_image_url(url)


@given(paths)
def test_any_site_path_is_accepted(path: str) -> None:
    url = "/" + path.lstrip("/")
    assert parse_question(with_image(url), P).image == url


@pytest.mark.parametrize("url", ACCEPTED)
def test_only_site_paths_are_images_of_this_site(url: str) -> None:
    assert is_site_image(url) == url.startswith("/")


@pytest.mark.parametrize("url", REFUSED)
def test_no_refused_address_is_an_image_of_this_site(url: str) -> None:
    assert not is_site_image(url)


@given(st.text(max_size=60))
def test_an_image_of_this_site_opens_no_other_host(text: str) -> None:
    """Whatever `is_site_image` takes, a browser reads as a path of the page's own origin."""
    if is_site_image(text):
        assert is_image_url(text)
        assert text.startswith("/") and not text.startswith("//") and "\\" not in text
        assert not any(ch.isspace() for ch in text)
