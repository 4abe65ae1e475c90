"""What a request passes before the API answers it: a Host header the server answers
(against DNS rebinding; Starlette's TrustedHostMiddleware checks it against
`allowed_hosts`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from graph.api.limits import LOOPBACK_HOSTS

__all__ = ["HostNameError", "allowed_hosts", "host_name", "is_loopback"]


class HostNameError(ValueError):
    """A name given to --allow-host that no Host header could carry."""


def host_name(name: str) -> str:
    """A name for --allow-host as Host headers carry it: lower case, an IPv6 address in
    brackets, no port; `*.example.com` allows the subdomains, `*` any host."""
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if not name or any(c in name for c in ":/@[] \t"):
            raise HostNameError(f"{name!r} is not a host name (give it without a port)") from None
        if "*" in name and name != "*" and ("*" in name[1:] or not name.startswith("*.")):
            raise HostNameError(f"{name!r}: a wildcard must read like *.example.com") from None
        return name
    return f"[{address}]" if address.version == 6 else str(address)


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The Host names a server bound to `bind` answers: loopback's, the `extra` names, and
    the bound address itself unless it is a wildcard (0.0.0.0, ::) that names no host."""
    names = [*LOOPBACK_HOSTS, *(host_name(h) for h in extra)]
    if not _is_wildcard(bind):
        names.append(host_name(bind))
    return tuple(dict.fromkeys(names))


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


def is_loopback(host: str) -> bool:
    """True for an address (or `localhost`) that only this machine can reach."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"
