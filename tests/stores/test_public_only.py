"""DNS rebinding: the address actually connected to is checked before a byte is sent."""

import socket
import threading

import pytest
import requests

from stores.naver.errors import UnsafeUrl
from stores.naver.fetcher import NaverFetcher
from stores.naver.public_only import public_only_session, refused_peer


@pytest.fixture
def loopback_listener():
    """A TCP listener on 127.0.0.1 that records every byte a client sends it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    received = bytearray()

    def accept():
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(1)
            try:
                while chunk := conn.recv(4096):
                    received.extend(chunk)
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    server.close()
    thread.join(timeout=2)


def test_session_refuses_a_loopback_peer_before_sending_anything(loopback_listener):
    port, received = loopback_listener
    with pytest.raises(requests.ConnectionError) as caught:
        public_only_session().get(f"https://127.0.0.1:{port}/", timeout=2)
    assert refused_peer(caught.value)
    assert bytes(received) == b""


def test_a_rebinding_answer_after_the_check_is_refused(loopback_listener, monkeypatch):
    """The check sees a public address; the connection's own lookup gets loopback."""
    port, received = loopback_listener
    monkeypatch.setattr(
        "urllib3.util.connection.socket.getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))],
    )
    fetcher = NaverFetcher(
        resolver=lambda host: ["223.130.200.104"], max_attempts=1, min_interval=0
    )
    with pytest.raises(UnsafeUrl):
        fetcher.fetch_page("https://m.place.naver.com/restaurant/1265317185/home")
    assert bytes(received) == b""


def test_other_connection_errors_are_not_mistaken_for_refusals():
    assert not refused_peer(requests.ConnectionError("connection reset"))
    assert not refused_peer(ValueError())


def test_without_the_guard_the_same_setup_does_reach_the_listener(loopback_listener, monkeypatch):
    """Proves the two tests above would see bytes if the check were missing."""
    port, received = loopback_listener
    with pytest.raises(requests.RequestException):
        requests.Session().get(f"https://127.0.0.1:{port}/", timeout=1)
    for _ in range(50):
        if received:
            break
        threading.Event().wait(0.02)
    assert bytes(received[:1]) == b"\x16"  # a TLS handshake record: the ClientHello went out
