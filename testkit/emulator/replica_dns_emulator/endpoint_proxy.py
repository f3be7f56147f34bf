"""Stable group endpoints: a TCP forwarder on the primary and on the reader endpoint address.

On AWS a replication group's primary endpoint (``master.<group>.…``) and reader endpoint
(``replica.<group>.…``) are names that never change: a failover moves what they resolve to, not the
names. With real redis-server nodes every node has its own loopback address (``redis_nodes.py``),
so the group also gets two loopback addresses of its own, and on each a forwarder that relays every
new connection to the current primary (resp. an available replica, round robin, or the primary
when there is none — as the reader endpoint does). Terraform sees the same
``primary_endpoint_address`` before and after a failover, and a client of the primary endpoint
reaches the new primary. When the targets change, open connections to a node that is no longer a
target are closed, as a failover drops the clients of the demoted primary.

One thread accepts per forwarder and two threads pump each connection; all are daemon threads,
ended by ``stop()`` (group deleted) or ``stop_all()`` (emulator shutdown).
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Callable

log = logging.getLogger("emulator.endpoints")

_registry_lock = threading.Lock()
_registry: set["Forwarder"] = set()


class Forwarder:
    def __init__(self, name: str, host: str, port: int) -> None:
        self.name = name
        self.host = host
        self.port = port
        self._targets: list[tuple[str, int]] = []
        self._next = 0
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket, tuple[str, int]]] = []
        self._stopped = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, port))
        self._listener.listen(64)
        self._listener.settimeout(0.25)  # lets the accept loop see stop() promptly
        threading.Thread(target=self._accept_loop, name=f"endpoint-{name}", daemon=True).start()
        with _registry_lock:
            _registry.add(self)

    # -- targets --------------------------------------------------------------------------------

    def set_targets(self, targets: list[tuple[str, int]]) -> None:
        """Where new connections go from now on; open ones to other nodes are closed."""
        with self._lock:
            self._targets = list(targets)
            stale = [p for p in self._pairs if p[2] not in self._targets]
            self._pairs = [p for p in self._pairs if p[2] in self._targets]
        for client, upstream, _ in stale:
            _close(client, upstream)

    def _pick(self) -> tuple[str, int] | None:
        with self._lock:
            if not self._targets:
                return None
            target = self._targets[self._next % len(self._targets)]
            self._next += 1
            return target

    # -- relaying -------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        target = self._pick()
        if target is None:
            _close(client)
            return
        try:
            upstream = socket.create_connection(target, timeout=3)
            upstream.settimeout(None)
        except OSError as e:  # the node is down (being replaced): the client sees a reset
            log.info("endpoint %s: %s:%s unreachable: %s", self.name, target[0], target[1], e)
            _close(client)
            return
        with self._lock:
            if self._stopped.is_set() or target not in self._targets:
                _close(client, upstream)
                return
            pair = (client, upstream, target)
            self._pairs.append(pair)
        threading.Thread(target=self._pump, args=(client, upstream, pair), daemon=True).start()
        threading.Thread(target=self._pump, args=(upstream, client, pair), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, pair: tuple[socket.socket, socket.socket, tuple[str, int]]) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        _close(src, dst)
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)

    def stop(self) -> None:
        self._stopped.set()
        _close(self._listener)
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream, _ in pairs:
            _close(client, upstream)
        with _registry_lock:
            _registry.discard(self)


def _close(*socks: socket.socket) -> None:
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


def start(name: str, allocate: Callable[[], tuple[str, int]], release: Callable[[str], None]) -> Forwarder:
    """A forwarder on a fresh loopback address from ``allocate`` (retried if binding fails)."""
    last: OSError | None = None
    for _ in range(5):
        host, port = allocate()
        try:
            return Forwarder(name, host, port)
        except OSError as e:
            release(host)
            last = e
    raise OSError(f"could not bind the endpoint {name}: {last}")


def stop_all() -> None:
    with _registry_lock:
        forwarders = list(_registry)
    for f in forwarders:
        f.stop()
