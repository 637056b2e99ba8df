"""Start and stop the embedded DynamoDB as a child process (for ``make run`` and tests)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from .journal import Damaged
from .targets import authorization_for

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int, timeout: float = 1.0) -> bool:
    """True when a DynamoDB ListTables on the port gets an HTTP 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "POST",
            "/",
            body=b"{}",
            headers={
                "X-Amz-Target": "DynamoDB_20120810.ListTables",
                "Content-Type": "application/x-amz-json-1.0",
                "Authorization": authorization_for("us-east-1"),
            },
        )
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


class StartRefused(RuntimeError):
    """The server exited while starting; reason is what it said (e.g. a damaged journal)."""

    def __init__(self, returncode: int, reason: str):
        detail = f": {reason}" if reason else ""
        super().__init__(f"local DynamoDB exited with code {returncode} while starting{detail}")
        self.returncode = returncode
        self.reason = reason

    @property
    def damaged(self) -> bool:
        return self.returncode == Damaged.EXIT_STATUS


class LocalDynamoProcess:
    def __init__(
        self,
        port: int,
        data_dir: Path,
        *,
        switch_interval: float | None = None,
        journal: bool = True,
        python: str = sys.executable,
    ):
        self.port = port
        self.data_dir = Path(data_dir)
        self.switch_interval = switch_interval
        self.journal = journal
        self.python = python
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def command(self) -> list[str]:
        argv = [self.python, "-m", "marketing.localdb", "--port", str(self.port)]
        argv += ["--data-dir", str(self.data_dir)]
        if self.switch_interval is not None:
            argv += ["--switch-interval", repr(self.switch_interval)]
        if not self.journal:
            argv.append("--no-journal")
        return argv

    def start(self, timeout: float = 30) -> LocalDynamoProcess:
        """Spawn the server and return once it answers requests (after its recovery).

        Raises StartRefused, with the server's own explanation, if it exits instead.
        """
        if self._process is not None and self._process.poll() is None:
            raise RuntimeError(f"local DynamoDB already running (pid {self._process.pid})")
        if answers(self.port, timeout=0.5):
            # Otherwise the readiness poll below would mistake that server for ours.
            raise RuntimeError(f"something already answers DynamoDB calls on port {self.port}")
        # The server writes why it gave up to this pipe; its stderr stays the terminal's.
        status_read, status_write = os.pipe()
        try:
            command = [*self.command(), "--status-fd", str(status_write)]
            self._process = subprocess.Popen(  # noqa: S603
                command, cwd=REPO_ROOT, pass_fds=(status_write,)
            )
        finally:
            os.close(status_write)
        try:
            return self._wait_until_answering(timeout, status_read)
        finally:
            os.close(status_read)

    def _wait_until_answering(self, timeout: float, status: int) -> LocalDynamoProcess:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise StartRefused(code, _read_all(status).strip())
            if answers(self.port):
                return self
            time.sleep(0.05)
        self.kill()
        raise TimeoutError(f"local DynamoDB did not answer on port {self.port} in {timeout}s")

    def stop(self, timeout: float = 10) -> int | None:
        """SIGTERM (the server flushes and closes), SIGKILL if it takes longer than timeout."""
        process, self._process = self._process, None
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                return process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        return process.wait()

    def kill(self) -> int | None:
        """SIGKILL, as a crash would: no flush, no close."""
        process, self._process = self._process, None
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        return process.wait()

    def __enter__(self) -> LocalDynamoProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _read_all(fd: int) -> str:
    """What is in the pipe, without waiting for a writer that may still hold it open."""
    os.set_blocking(fd, False)
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except BlockingIOError:
        pass
    return b"".join(chunks).decode(errors="replace")
