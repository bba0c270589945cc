"""The address phones open: the LAN-address logic of ``server.lan`` and ``huddle serve``'s
start-up line (`server.cli.advertise`)."""

from __future__ import annotations

import socket

import pytest

from server.cli import advertise
from server.lan import advertised_url, is_loopback, is_wildcard, lan_address, url_host
from server.settings import Settings


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "[::]", "", " 0.0.0.0 "])
def test_wildcards(host: str) -> None:
    assert is_wildcard(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "192.168.1.20", "localhost", "::1"])
def test_not_wildcards(host: str) -> None:
    assert not is_wildcard(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])
def test_loopback(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "10.0.0.5", "fd00::2", "huddle.lan"])
def test_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_advertised_url_public_url_wins() -> None:
    assert advertised_url("0.0.0.0", 8000, "https://quiz.example.org/", "10.0.0.5") == (
        "https://quiz.example.org"
    )
    assert advertised_url("127.0.0.1", 8000, "https://quiz.example.org") == (
        "https://quiz.example.org"
    )


def test_advertised_url_of_a_wildcard_bind_is_the_lan_address() -> None:
    assert advertised_url("0.0.0.0", 8123, "", "192.168.1.20") == "http://192.168.1.20:8123"
    assert advertised_url("::", 8000, "", "fd00::2") == "http://[fd00::2]:8000"
    assert advertised_url("0.0.0.0", 8000, "", None) is None  # no network: nothing to show


def test_advertised_url_of_a_specific_bind() -> None:
    assert advertised_url("127.0.0.1", 8000) is None  # only this machine reaches it
    assert advertised_url("localhost", 8000) is None
    assert advertised_url("192.168.1.20", 9000, "", "10.0.0.5") == "http://192.168.1.20:9000"
    assert advertised_url("fd00::2", 9000) == "http://[fd00::2]:9000"


def test_url_host() -> None:
    assert url_host("10.0.0.5") == "10.0.0.5"
    assert url_host("fd00::2") == "[fd00::2]"
    assert url_host("[fd00::2]") == "[fd00::2]"


def test_lan_address_is_an_address_of_this_machine() -> None:
    """What it finds is not loopback and can be bound here (it is a local interface's)."""
    address = lan_address()
    if address is None:  # a machine without a network: the probe must then say so, not guess
        with pytest.raises(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 9))
            if is_loopback(str(s.getsockname()[0])):
                raise OSError("loopback only")
        return
    assert not is_loopback(address)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.bind((address, 0))  # raises unless the address is one of this machine's


def test_lan_address_skips_loopback_routes() -> None:
    """A probe whose route leaves through loopback finds no LAN address."""
    assert lan_address(((socket.AF_INET, "127.0.0.1"),)) is None
    assert lan_address(((socket.AF_INET, "127.0.0.1"), (socket.AF_INET, "127.0.0.2"))) is None


def test_advertise_sets_the_join_links_base() -> None:
    settings = Settings(host="0.0.0.0", port=8123)
    advertised, line = advertise(settings, lan="192.168.1.20")
    assert advertised.base_url == "http://192.168.1.20:8123"
    assert line == "phones on the same network open http://192.168.1.20:8123"
    assert settings.base_url == "http://0.0.0.0:8123"  # the frozen original is untouched


def test_advertise_keeps_public_url() -> None:
    settings = Settings(host="0.0.0.0", port=8123, public_url="https://quiz.example.org")
    advertised, line = advertise(settings, lan="192.168.1.20")
    assert advertised.base_url == "https://quiz.example.org"
    assert line == "phones on the same network open https://quiz.example.org"


def test_advertise_on_loopback_says_how_to_open_it_up() -> None:
    advertised, line = advertise(Settings(host="127.0.0.1", port=8000))
    assert advertised.base_url == "http://127.0.0.1:8000"
    assert "HOST=0.0.0.0" in line


def test_advertise_without_a_network_asks_for_public_url() -> None:
    settings = Settings(host="0.0.0.0", port=8000)
    advertised, line = advertise(settings, lan="")
    assert advertised.public_url == ""
    assert "PUBLIC_URL" in line
