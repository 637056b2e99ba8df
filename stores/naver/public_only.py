"""A requests session that only ever connects to public addresses.

The fetcher checks a host's DNS answers before each request, but the connection makes
its own lookup: a rebinding DNS server could answer a private address the second time.
This session checks the address it actually connected to, before a byte is sent, and
ignores proxy settings from the environment (the peer must be the host itself).
"""

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from stores.naver.addresses import is_public_address


class PeerAddressRefused(NewConnectionError):
    """The connection reached a loopback, private, link-local or otherwise non-public peer."""


class _PublicOnlyHTTPSConnection(HTTPSConnection):
    def _new_conn(self):
        sock = super()._new_conn()
        peer = sock.getpeername()[0]
        if not is_public_address(peer):
            sock.close()
            raise PeerAddressRefused(self, f"refused to talk to non-public address {peer}")
        return sock


class _PublicOnlyHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _PublicOnlyHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            **self.poolmanager.pool_classes_by_scheme,
            "https": _PublicOnlyHTTPSConnectionPool,
        }


def public_only_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", PublicOnlyAdapter())
    return session


def refused_peer(exc: BaseException) -> bool:
    """True when a requests error was caused by a refused (non-public) peer address."""
    # requests.ConnectionError(MaxRetryError(reason=PeerAddressRefused(...)))
    return any(
        isinstance(arg, PeerAddressRefused)
        or isinstance(getattr(arg, "reason", None), PeerAddressRefused)
        for arg in getattr(exc, "args", ())
    )
