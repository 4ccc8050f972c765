"""One long-lived asyncio event loop in a daemon thread, shared by every Teams turn.

The Agents SDK is async (aiohttp sessions, MSAL in worker threads) while Flask serves each request
on a plain thread. ``asyncio.run`` per request would build and tear down a loop every time, and
anything the SDK caches against a loop (client sessions, locks) would be bound to a dead one. So a
single loop owns all of it and request threads hand it coroutines with
``asyncio.run_coroutine_threadsafe``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    """A daemon thread running one event loop until the process ends (or ``stop`` is called)."""

    def __init__(self, name: str = "yousaid-teams-loop") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        # Started lazily so that building an app (tests build hundreds) starts no thread.
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                thread = threading.Thread(target=run, name=self._name, daemon=True)
                thread.start()
                ready.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run ``coroutine`` on the shared loop and wait (in the calling thread) for its result."""
        loop = self._ensure_started()
        if threading.current_thread() is self._thread:
            # Waiting here for work queued behind us would never finish.
            raise RuntimeError("LoopThread.run called from the loop's own thread")
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        return future.result(timeout)

    def stop(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()


# The process's one loop. Every app built in this process (tests build many) shares it.
LOOP = LoopThread()
