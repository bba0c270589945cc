"""The address phones on the same network open when the server listens beyond loopback.

``huddle serve --host 0.0.0.0`` binds every interface, but ``http://0.0.0.0:8000`` is no
address a phone can open. `lan_address()` finds the machine's outbound local address the way
the operating system would route to a private network: ``connect()`` on a UDP socket only
picks a route and a source address, it sends nothing. `advertised_url()` puts the pieces
together; ``PUBLIC_URL`` always wins.
"""

from __future__ import annotations

import ipaddress
import socket

# Private addresses to "connect" a UDP socket to (RFC 1918, then the IPv6 documentation
# prefix): nothing is sent, the kernel only chooses the source address of the route.
_PROBES: tuple[tuple[socket.AddressFamily, str], ...] = (
    (socket.AF_INET, "10.255.255.255"),
    (socket.AF_INET, "192.168.255.255"),
    (socket.AF_INET6, "2001:db8::1"),
)
_WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]", "*"})


def is_wildcard(host: str) -> bool:
    """Whether binding `host` listens on every interface (``0.0.0.0``, ``::``)."""
    return host.strip() in _WILDCARDS


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address or ``localhost``."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def lan_address(probes: tuple[tuple[socket.AddressFamily, str], ...] = _PROBES) -> str | None:
    """The local address of this machine's route to a private network, or None without one.

    Sends no packet: a UDP ``connect()`` only sets the peer, and ``getsockname()`` then tells
    the source address the kernel chose.
    """
    for family, target in probes:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect((target, 9))  # port 9 (discard); nothing is sent
                address = str(s.getsockname()[0])
        except OSError:
            continue
        if _usable(address):
            return address
    return None


def url_host(address: str) -> str:
    """`address` as the host part of a URL (IPv6 in brackets)."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def advertised_url(
    host: str, port: int, public_url: str = "", lan: str | None = None
) -> str | None:
    """The base URL phones should open, or None when only this machine can reach the server.

    ``PUBLIC_URL`` wins; a wildcard bind advertises the LAN address (`lan`, found by the
    caller with `lan_address()`); a specific non-loopback bind advertises itself.
    """
    if public_url:
        return public_url.rstrip("/")
    if is_loopback(host):
        return None
    if is_wildcard(host):
        return f"http://{url_host(lan)}:{port}" if lan else None
    return f"http://{url_host(host.strip())}:{port}"
