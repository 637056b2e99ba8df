"""The HTTP side of the server: werkzeug's request handler, keeping connections open.

werkzeug's development server closes the connection after every response, so each
DynamoDB call paid for a new TCP connection on both sides and the server for a new thread
(about a third of a GSI page's server CPU). An HTTP/1.1 request with a Content-Length body
is answered here instead, on the same connection, with the same status, headers (but
``Connection: close``) and body werkzeug would write, in one send. Anything else (HTTP/1.0,
``Connection: close``, a chunked body) goes to werkzeug unchanged, which closes as before.
So does a connection whose body the app left partly unread: the next request line would
otherwise be read from the middle of it.

Reading a request's headers, http.server runs them through the email package's parser,
and writing the Date header through its date formatting: 0.1 ms of a request between
them. For ``POST / HTTP/1.1`` with plain ``Name: value`` header lines (what every SDK
sends), the same header message is built directly; any other request line, or any header
line the email parser would treat otherwise (folded, no name, odd characters), is parsed
by http.server as before. The Date header is formatted once a second.
"""

from __future__ import annotations

import email.parser
import http.client
import re
import time
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


PLAIN_REQUEST_LINE = b"POST / HTTP/1.1\r\n"
# A header line the email parser reads as name and value, nothing else: a name of the
# characters it accepts in one, a colon, a value of visible characters, spaces and tabs.
_PLAIN_HEADER = re.compile(rb"([!-9;-~]+):[ \t]*([ -~\t]*)\r\n")


def plain_headers(lines: list[bytes], message_class: type) -> Any:
    """The header message http.client.parse_headers makes of these lines, or None when
    one of them is not a plain ``Name: value`` line."""
    if lines[-1] != b"\r\n":
        return None
    message = message_class()
    for line in lines[:-1]:
        match = _PLAIN_HEADER.fullmatch(line)
        if match is None or line.startswith(b"From "):
            return None
        message.set_raw(match[1].decode("ascii"), match[2].decode("ascii"))
    message.set_payload("")
    return message


class KeepAliveRequestHandler(MotoRequestHandler):
    """moto's handler (header names as moto keeps them), without an access log line,
    answering HTTP/1.1 requests on a connection kept open."""

    _date: tuple[int, str] = (-1, "")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        if timestamp is not None:
            return super().date_time_string(timestamp)
        second = int(time.time())
        cached_second, text = KeepAliveRequestHandler._date
        if cached_second != second:
            text = super().date_time_string(second)
            KeepAliveRequestHandler._date = (second, text)
        return text

    def parse_request(self) -> bool:
        """http.server's parse_request; for a plain POST / HTTP/1.1, without the email
        parser."""
        if self.raw_requestline != PLAIN_REQUEST_LINE:
            return super().parse_request()
        self.command, self.path, self.request_version = "POST", "/", "HTTP/1.1"
        self.requestline = "POST / HTTP/1.1"
        self.close_connection = self.protocol_version < "HTTP/1.1"
        try:
            lines = http.client._read_headers(self.rfile)  # type: ignore[attr-defined]
        except http.client.LineTooLong as err:
            self.send_error(431, "Line too long", str(err))
            return False
        except http.client.HTTPException as err:
            self.send_error(431, "Too many headers", str(err))
            return False
        self.headers = plain_headers(lines, self.MessageClass)
        if self.headers is None:
            text = b"".join(lines).decode("iso-8859-1")
            self.headers = email.parser.Parser(_class=self.MessageClass).parsestr(text)
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        expect = self.headers.get("Expect", "")
        if expect.lower() == "100-continue" and self.protocol_version >= "HTTP/1.1":
            return self.handle_expect_100()
        return True

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
