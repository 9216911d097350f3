"""uvicorn's HTTP/1.1 protocol, as `python -m app serve` runs it."""

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

# A connection that has not sent a whole request head this long after it
# opened, or after its last response, is closed (as Go's ReadHeaderTimeout).
HEADER_TIMEOUT_SECONDS = 10.0


class ServerProtocol(H11Protocol):
    """h11 as uvicorn drives it, with two changes.

    A client that closes its sending side after its request (a half-close, as
    `nc -N` does) still gets the answer: uvicorn's own protocol lets asyncio
    close the connection at the client's EOF, before the response is written.

    A client that is slow to send a request head is cut off after
    HEADER_TIMEOUT_SECONDS: uvicorn bounds only idle kept-alive connections.
    """

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    # asyncio.Protocol.eof_received returns bool | None; uvicorn narrows it
    # to None, and True is what keeps the writing side open.
    def eof_received(self) -> bool:  # type: ignore[override]
        return True

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        waiting = self.cycle

        def expire() -> None:
            # A new request head makes a new cycle: only a wait that saw
            # none closes the connection.
            if self.cycle is waiting and not self.transport.is_closing():
                self.transport.close()

        self._header_timer = self.loop.call_later(HEADER_TIMEOUT_SECONDS, expire)
