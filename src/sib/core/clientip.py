"""The client's IP address, the one way every rate limit and audit entry reads it.

Behind reverse proxies the peer address (`REMOTE_ADDR`) is the nearest proxy's, shared by every
visitor. `SIB_TRUSTED_PROXIES` says how many proxies in front of the application append the
address they received from to `X-Forwarded-For`; the client is the entry that many places from
the right. Entries further left were written by the client itself and are never trusted. With
the default 0 the header is ignored and the peer address is the client (a direct deployment, or
a proxy that passes the peer through). See docs/decisions/0503-client-ip-and-rate-limits.md.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder key, never bound to


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address as the configured number of trusted proxies report it."""
    peer = _clean(request.META.get("REMOTE_ADDR", "") or "") or UNKNOWN
    proxies = int(getattr(settings, "SIB_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if not forwarded:
        return peer
    # Fewer entries than proxies: every entry there was still written by a trusted proxy, and
    # the leftmost is the furthest address they saw.
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _clean(candidate) or peer


def rate_limit_key(ip: str) -> str:
    """The bucket an address shares: itself for IPv4, its /64 network for IPv6 (one subscriber
    usually holds a whole /64, so single IPv6 addresses would be free to rotate)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address) + "/64"
    return str(address)
