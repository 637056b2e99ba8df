"""The client's address for login throttling, from the connection or a trusted proxy.

By default (or with CONSOLE_CLIENT_IP_HEADER=REMOTE_ADDR) the connection's address is
used and any forwarding header is ignored: a client could write anything in one.
Behind proxies, CONSOLE_CLIENT_IP_HEADER names the header they add the client's address
to (X-Forwarded-For, X-Real-IP) and CONSOLE_TRUSTED_PROXY_COUNT says how many of them
append to it. Each proxy appends the address its connection came from, so the entry that
many places from the right is the one the outermost trusted proxy saw; entries further
left were written by the client and are ignored.
"""

import ipaddress

from django.conf import settings

# CONSOLE_CLIENT_IP_HEADER's value for "the connection's address, no proxy".
CONNECTION_ADDRESS = "REMOTE_ADDR"


def client_ip(request) -> str | None:
    connection_address = request.META.get("REMOTE_ADDR")
    header = settings.CONSOLE_CLIENT_IP_HEADER
    if not header or header == CONNECTION_ADDRESS:
        return connection_address
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    entries = [entry.strip() for entry in request.META.get(meta_key, "").split(",")]
    entries = [entry for entry in entries if entry]
    proxies = max(settings.CONSOLE_TRUSTED_PROXY_COUNT, 1)
    if len(entries) < proxies:
        # Not (entirely) through the proxies: only the connection can be trusted.
        return connection_address
    return _address(entries[-proxies]) or connection_address


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
