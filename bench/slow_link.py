"""A slowed, lossy link on loopback: a TCP proxy that carries bytes at a 2G/3G commune's rate.

Where the kernel offers ``tc netem`` (a network namespace with a delaying, dropping qdisc) that is the
better tool; this proxy is for machines without it. Each direction is limited to ``rate`` bits per
second; every segment arrives ``delay`` seconds after it was sent (half the round trip); a segment is
"lost" with probability ``loss`` and, as TCP would, arrives one retransmission timeout later. Bytes are
counted both ways, so a benchmark reads what crossed the link.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from dataclasses import dataclass, field

SEGMENT = 1460


@dataclass
class SlowLink:
    """Listens on 127.0.0.1:``port`` and forwards to 127.0.0.1:``target``."""

    target: int
    rate_bits: float = 256_000
    delay: float = 0.150
    loss: float = 0.02
    retransmit_after: float = 0.6
    seed: int = 1
    port: int = 0  # chosen when started
    up: int = 0  # bytes carried towards the target
    down: int = 0
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)

    def start(self) -> SlowLink:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self._listen(ready))
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)
        return self

    async def _listen(self, ready: threading.Event) -> None:
        self._random = random.Random(self.seed)
        server = await asyncio.start_server(self._connection, "127.0.0.1", self.port)
        self.port = server.sockets[0].getsockname()[1]
        ready.set()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        pipes = asyncio.gather(self._pipe(reader, upstream_writer, "up"), self._pipe(upstream_reader, writer, "down"))
        try:
            await pipes
        except asyncio.CancelledError:  # the link is being stopped: connections end with it, quietly
            pipes.cancel()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, direction: str) -> None:
        free_at = time.monotonic()  # when the line finishes sending what it has already taken
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    writer.close()
                    return
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                writer.write(data)
                await writer.drain()

        sender = asyncio.ensure_future(deliver())
        try:
            while data := await reader.read(SEGMENT):
                for start in range(0, len(data), SEGMENT):
                    piece = data[start : start + SEGMENT]
                    free_at = max(free_at, time.monotonic()) + len(piece) * 8 / self.rate_bits
                    due = free_at + self.delay
                    if self._random.random() < self.loss:
                        due += self.retransmit_after
                    await queue.put((due, piece))
                    if direction == "up":
                        self.up += len(piece)
                    else:
                        self.down += len(piece)
        except (ConnectionError, OSError):
            pass
        await queue.put((0.0, b""))
        await sender

    def stop(self) -> None:
        """Close every connection and stop carrying."""
        if self._loop is None:
            return

        async def close() -> None:
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
