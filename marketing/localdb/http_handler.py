"""The HTTP side of the server: werkzeug's request handler, keeping connections open.

werkzeug's development server closes the connection after every response, so each
DynamoDB call paid for a new TCP connection on both sides and the server for a new thread
(about a third of a GSI page's server CPU). An HTTP/1.1 request with a Content-Length body
is answered here instead, on the same connection, with the same status, headers (but
``Connection: close``) and body werkzeug would write, in one send. Anything else (HTTP/1.0,
``Connection: close``, a chunked body) goes to werkzeug unchanged, which closes as before.
So does a connection whose body the app left partly unread: the next request line would
otherwise be read from the middle of it.
"""

from __future__ import annotations

import traceback
from typing import Any

from moto.moto_server.werkzeug_app import MotoRequestHandler

from .moto_app import error_reply


class BoundedBody:
    """The request body: at most Content-Length bytes of the connection's stream."""

    def __init__(self, stream: Any, length: int):
        self.stream = stream
        self.remaining = length

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        if size == 0:
            return b""
        data = self.stream.read(size)
        self.remaining -= len(data)
        return data


class KeepAliveRequestHandler(MotoRequestHandler):
    """moto's handler (header names as moto keeps them), without an access log line,
    answering HTTP/1.1 requests on a connection kept open."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def run_wsgi(self) -> None:
        length = self._body_length()
        if length is None:
            super().run_wsgi()  # answers with Connection: close
            return
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.environ = environ = self.make_environ()
        body_stream = BoundedBody(self.rfile, length)
        environ["wsgi.input"] = body_stream
        try:
            status, headers, body = self._call_app(environ)
        except (TimeoutError, ConnectionError):
            self.close_connection = True
            return
        if body_stream.remaining:
            self.close_connection = True
        self.wfile.write(self._response_head(status, headers, len(body)) + body)

    def _body_length(self) -> int | None:
        """Content-Length, when this request can be answered on an open connection."""
        if self.close_connection or self.request_version != "HTTP/1.1":
            return None
        if "Transfer-Encoding" in self.headers:
            return None
        declared = self.headers.get("Content-Length")
        if declared is None:
            return 0
        try:
            length = int(declared)
        except ValueError:
            return None
        return length if length >= 0 else None

    def _call_app(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None):
            started["status"], started["headers"] = status, headers

        try:
            chunks = self.server.app(environ, start_response)
            try:
                body = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except (TimeoutError, ConnectionError):
            raise
        except Exception as exc:
            # Not moto's failures (the store answers those): a fault in this server itself.
            self.server.log("error", f"Error on request:\n{traceback.format_exc()}")
            self.close_connection = True
            reply = error_reply(
                "500 INTERNAL SERVER ERROR",
                "InternalServerError",
                f"the local DynamoDB failed on this request: {exc!r}",
            )
            return reply.status, reply.headers, reply.body
        return started["status"], started["headers"], body

    def _response_head(self, status: str, headers: list[tuple[str, str]], length: int) -> bytes:
        lines = [
            f"{self.protocol_version} {status}\r\n",
            f"Server: {self.version_string()}\r\n",
            f"Date: {self.date_time_string()}\r\n",
        ]
        has_length = False
        for name, value in headers:
            lines.append(f"{name}: {value}\r\n")
            has_length = has_length or name.lower() == "content-length"
        if not has_length:
            lines.append(f"Content-Length: {length}\r\n")
        if self.close_connection:
            lines.append("Connection: close\r\n")
        lines.append("\r\n")
        return "".join(lines).encode("latin-1")
