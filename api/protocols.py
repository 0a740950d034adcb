"""uvicorn HTTP protocols that answer unparseable requests in the API's error envelope.

uvicorn answers a request it cannot parse (a request line of garbage bytes, a broken
header, a bad chunk size) itself, before any ASGI app sees it, with ``400`` and
``text/plain`` "Invalid HTTP request received.". The protocol classes below are
uvicorn's own (``httptools`` when installed, else ``h11``, as ``--http auto`` picks) with
only that answer replaced by the one JSON envelope every other error has::

    {"error": {"code": "malformed_request", "message": "...", "details": {}}}

``ergraph serve`` hands :data:`HTTP` to ``uvicorn.run(http=...)`` (uvicorn's documented
way to choose the HTTP protocol class; an import string, so worker processes load it
too).
"""

from __future__ import annotations

import asyncio
import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import envelope

__all__ = ["HTTP", "AutoEnvelopeProtocol", "EnvelopeH11Protocol", "MALFORMED", "malformed_body"]

#: the import string ``ergraph serve`` passes as uvicorn's ``http`` option
HTTP = "ergraph.api.protocols:AutoEnvelopeProtocol"
#: the error code of an answer to a request that is not HTTP
MALFORMED = "malformed_request"


def malformed_body(reason: str) -> bytes:
    """The envelope (UTF-8 JSON) answering a request the server could not parse."""
    return json.dumps(envelope(
        MALFORMED, "the request is not valid HTTP/1.1 and could not be read",
        {"reason": reason}), separators=(",", ":")).encode("utf-8")


def _reason(msg: str) -> str:
    return msg.rstrip(".").lower() or "invalid http request"


class EnvelopeH11Protocol(H11Protocol):
    """uvicorn's h11 protocol; a request it cannot parse gets the JSON envelope."""

    def send_400_response(self, msg: str) -> None:
        body = malformed_body(_reason(msg))
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode("ascii")),
                   (b"connection", b"close")]
        event = h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
        self.transport.write(self.conn.send(event))
        self.transport.write(self.conn.send(h11.Data(data=body)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()


AutoEnvelopeProtocol: type[asyncio.Protocol]

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools not installed: h11, as uvicorn's auto
    AutoEnvelopeProtocol = EnvelopeH11Protocol
else:

    class EnvelopeHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol; a request it cannot parse gets the envelope."""

        def send_400_response(self, msg: str) -> None:
            body = malformed_body(_reason(msg))
            content = [b"HTTP/1.1 400 Bad Request\r\n"]
            for name, value in self.server_state.default_headers:
                content.extend([name, b": ", value, b"\r\n"])
            content.extend([
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                body,
            ])
            self.transport.write(b"".join(content))
            self.transport.close()

    AutoEnvelopeProtocol = EnvelopeHttpToolsProtocol
