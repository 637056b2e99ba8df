"""`make run`'s command: sets up, serves a working login, and a signal stops all it started."""

import os
import signal
import time

import pytest
import requests

from marketing.localdb.process import answers, free_port
from tests.manage_process import start_manage

pytestmark = pytest.mark.integration


def _start(tmp_path, web_port, db_port):
    return start_manage(
        "runconsole",
        f"127.0.0.1:{web_port}",
        "--noreload",
        LOCAL_DYNAMODB_PORT=str(db_port),
        LOCAL_DYNAMODB_DIR=str(tmp_path / "dynamodb"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CONSOLE_ADMIN_USERNAME="boss",
    )


def _read_until(process, marker, timeout=90):
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return "".join(lines)
    process.kill()
    raise AssertionError(f"{marker!r} never appeared:\n{''.join(lines)}")


def _stop(process, signum):
    process.send_signal(signum)
    output = process.communicate(timeout=30)[0]
    return output


def _login_page(port):
    return requests.get(f"http://127.0.0.1:{port}/login/", timeout=5)


@pytest.mark.parametrize("signum", [signal.SIGTERM])
def test_runconsole_serves_login_and_a_signal_stops_everything(tmp_path, signum):
    web_port, db_port = free_port(), free_port()
    console = _start(tmp_path, web_port, db_port)
    first = _read_until(console, "The console is ready")
    assert "created table dot-marketing-stores" in first
    assert "Generated password for 'boss'" in first
    password = first.split("Generated password for 'boss': ")[1].split()[0]
    session = requests.Session()
    login = session.get(f"http://127.0.0.1:{web_port}/login/", timeout=5)
    assert login.status_code == 200
    response = session.post(
        f"http://127.0.0.1:{web_port}/login/",
        data={
            "username": "boss",
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"http://127.0.0.1:{web_port}/login/"},
        timeout=10,
    )
    assert response.status_code == 200 and "/logout/" in response.text

    consumer_pid = int(
        first.split("Stream consumer started (consume_streams, pid ")[1].split(")")[0]
    )
    output = _stop(console, signum)
    assert "Embedded DynamoDB stopped" in output
    assert f"Stream consumer stopped (pid {consumer_pid})." in output
    with pytest.raises(ProcessLookupError):
        os.kill(consumer_pid, 0)
    assert not answers(db_port)
    with pytest.raises(requests.ConnectionError):
        _login_page(web_port)

    again = _start(tmp_path, web_port, db_port)
    second = _read_until(again, "The console is ready")
    _stop(again, signal.SIGINT)
    assert "up to date: dot-marketing-stores" in second
    assert "Console admin 'boss' exists" in second
    assert "Generated password" not in second


def test_a_port_taken_by_something_else_is_a_clear_error(tmp_path):
    import socket

    web_port, db_port = free_port(), free_port()
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", db_port))
    squatter.listen()  # accepts, never answers
    try:
        console = _start(tmp_path, web_port, db_port)
        output = console.communicate(timeout=60)[0]
    finally:
        squatter.close()
    assert console.returncode == 1
    assert "Something answers at" in output and "LOCAL_DYNAMODB_PORT" in output
    assert "Traceback" not in output
