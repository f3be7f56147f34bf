"""Real ``redis-server`` processes behind the emulated ElastiCache cache nodes.

Every node gets its own loopback address (127.x.y.z, any address of 127.0.0.0/8 works on Linux
without configuration) and the replication group's port, so that, as on AWS, all nodes of a group
share one port and the *address* alone names the node: a CNAME written by the reconciler points at
exactly one node, and a client can connect to ``<value>:<port>``.

Processes are children of the launcher, spawned from one long-lived thread so that
``PR_SET_PDEATHSIG`` (which fires when the *thread* that forked exits) only kills them when the
launcher itself dies. Their pids are also written to ``<state>/redis/*.pid`` so that the TypeScript
harness can clean up after a launcher that was killed with SIGKILL.
"""

from __future__ import annotations

import ctypes
import logging
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import redis

log = logging.getLogger("emulator.redis")

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except Exception:  # pragma: no cover - not Linux
        pass


class RedisError(Exception):
    """A redis-server could not be started or did not do what it was told."""


@dataclass(frozen=True)
class NodeSecurity:
    """How a node of a transit-encrypted group is launched (docs/tls.md): TLS only, with the
    group's certificate, and AUTH when the group has a token (``passwords``: every token the node
    accepts, the first one the one it and the control plane use; empty: no AUTH)."""

    cert_file: str
    key_file: str
    ca_file: str
    passwords: tuple[str, ...] = ()

    @property
    def password(self) -> str | None:
        return self.passwords[0] if self.passwords else None

    def config(self) -> str:
        """redis.conf lines (a file, so the token stays out of the process list)."""
        lines = [
            "port 0",  # no plain listener: a plain connection is refused, as with mode "required"
            f"tls-cert-file {self.cert_file}",
            f"tls-key-file {self.key_file}",
            f"tls-ca-cert-file {self.ca_file}",
            "tls-auth-clients no",  # ElastiCache asks clients for no certificate
            "tls-replication yes",  # replicas connect to the primary over TLS
        ]
        if self.passwords:
            lines.append("user default on " + " ".join(f">{p}" for p in self.passwords) + " ~* &* +@all")
            lines.append(f"masterauth {self.password}")
        return "\n".join(lines) + "\n"


@dataclass
class RedisNode:
    key: str
    host: str
    port: int
    workdir: str
    proc: subprocess.Popen[bytes] | None = None
    replica_of: tuple[str, int] | None = None
    security: NodeSecurity | None = None
    _client: Any = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def client(self) -> redis.Redis:
        if self._client is None:
            tls: dict[str, Any] = {}
            if self.security is not None:
                # The control plane connects by address: the chain is verified against the CA, the
                # host name cannot be (the certificate names the AWS-style endpoints).
                tls = {"ssl": True, "ssl_ca_certs": self.security.ca_file, "ssl_check_hostname": False,
                       "password": self.security.password}
            self._client = redis.Redis(
                host=self.host, port=self.port, socket_timeout=3, socket_connect_timeout=3, **tls
            )
        return self._client

    def role(self) -> list[Any]:
        """The node's ``ROLE`` reply, decoded: ``['master', ...]`` or ``['slave', host, port, state, ...]``."""
        reply = self.client().execute_command("ROLE")
        return [x.decode() if isinstance(x, bytes) else x for x in reply]


class RedisNodeManager:
    """Starts, re-points and stops the redis-server processes."""

    def __init__(self, state_dir: str, enabled: bool = True) -> None:
        self.binary = shutil.which("redis-server") if enabled else None
        self.state_dir = os.path.join(state_dir, "redis")
        os.makedirs(self.state_dir, exist_ok=True)
        self.nodes: dict[str, RedisNode] = {}
        self._lock = threading.RLock()
        self._used_hosts: set[str] = set()
        # Launch settings of TLS nodes, by key: a node restarted without them keeps them.
        self._security: dict[str, NodeSecurity] = {}
        # One long-lived thread forks every redis-server (see module docstring).
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="redis-spawner")

    @property
    def available(self) -> bool:
        return self.binary is not None

    # -- addresses ---------------------------------------------------------------------------

    def _port_free(self, host: str, port: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
                return True
            except OSError:
                return False

    def allocate_address(self, port: int) -> tuple[str, int]:
        """A loopback address not used by another node on which ``port`` is free."""
        with self._lock:
            for _ in range(64):
                host = f"127.{random.randint(64, 250)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
                if host in self._used_hosts:
                    continue
                if self._port_free(host, port):
                    self._used_hosts.add(host)
                    return host, port
            # Something listens on the wildcard address at this port: fall back to a free port.
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", 0))
                free = s.getsockname()[1]
            host = f"127.{random.randint(64, 250)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
            self._used_hosts.add(host)
            log.warning("port %s busy on loopback; node gets port %s", port, free)
            return host, free

    def release_address(self, host: str) -> None:
        with self._lock:
            self._used_hosts.discard(host)

    # -- processes ---------------------------------------------------------------------------

    def start(self, key: str, host: str, port: int, replica_of: tuple[str, int] | None,
              security: NodeSecurity | None = None) -> RedisNode:
        """Start (or restart) the node ``key`` on ``host:port``; returns once it answers PING.
        ``security``: TLS-only with AUTH (remembered for restarts of the same key)."""
        if not self.binary:
            raise RedisError("redis-server is not installed")
        with self._lock:
            old = self.nodes.get(key)
            if security is not None:
                self._security[key] = security
            security = self._security.get(key)
        if old is not None and old.running:
            return old
        workdir = os.path.join(self.state_dir, key)
        os.makedirs(workdir, exist_ok=True)
        node = RedisNode(key=key, host=host, port=port, workdir=workdir, replica_of=replica_of, security=security)
        for attempt in range(3):
            node.proc = self._spawner.submit(self._spawn, node).result()
            self._write_pidfile(node)
            with self._lock:
                self.nodes[key] = node
            try:
                self._wait_ready(node)
                return node
            except RedisError:
                # e.g. the address:port of a node that was just stopped is not free yet
                if node.proc.poll() is None or attempt == 2:
                    self.stop(key, release=False)
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def _spawn(self, node: RedisNode) -> subprocess.Popen[bytes]:
        assert self.binary
        cmd = [self.binary]
        if node.security is not None:
            conf = os.path.join(node.workdir, "tls.conf")
            fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(node.security.config())
            cmd += [conf, "--tls-port", str(node.port)]
        else:
            cmd += ["--port", str(node.port)]
        cmd += [
            "--bind", node.host,
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "no",
            "--daemonize", "no",
            "--dir", node.workdir,
            "--logfile", os.path.join(node.workdir, "redis.log"),
            "--repl-diskless-sync", "yes",
            "--repl-diskless-sync-delay", "0",
            "--repl-ping-replica-period", "1",
        ]
        if node.replica_of:
            cmd += ["--replicaof", node.replica_of[0], str(node.replica_of[1])]
        return subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
            close_fds=True,
        )

    def _write_pidfile(self, node: RedisNode) -> None:
        assert node.proc
        with open(os.path.join(self.state_dir, f"{node.key}.pid"), "w") as f:
            f.write(f"{node.proc.pid}\n")

    def _wait_ready(self, node: RedisNode, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if node.proc is not None and node.proc.poll() is not None:
                raise RedisError(
                    f"redis-server for {node.key} on {node.host}:{node.port} exited "
                    f"with {node.proc.returncode}; see {node.workdir}/redis.log"
                )
            try:
                if node.client().ping():
                    return
            except redis.RedisError as e:
                last = e
            time.sleep(0.02)
        raise RedisError(f"redis-server for {node.key} did not answer PING: {last}")

    def stop(self, key: str, release: bool = True) -> None:
        with self._lock:
            node = self.nodes.pop(key, None)
        if node is None:
            return
        self._terminate(node)
        if release:
            with self._lock:
                self._security.pop(key, None)
            self.release_address(node.host)
            shutil.rmtree(node.workdir, ignore_errors=True)

    def _terminate(self, node: RedisNode) -> None:
        try:
            if node._client is not None:
                node._client.close()
        except Exception:
            pass
        if node.proc is not None and node.proc.poll() is None:
            node.proc.terminate()
            try:
                node.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                node.proc.kill()
                node.proc.wait(timeout=3)
        try:
            os.unlink(os.path.join(self.state_dir, f"{node.key}.pid"))
        except FileNotFoundError:
            pass

    def stop_all(self) -> None:
        with self._lock:
            keys = list(self.nodes)
        for key in keys:
            try:
                self.stop(key)
            except Exception as e:  # keep going: this runs at shutdown
                log.warning("stopping %s: %s", key, e)
        self._spawner.shutdown(wait=False)

    def set_passwords(self, node: RedisNode, passwords: tuple[str, ...]) -> None:
        """A running TLS node accepts exactly ``passwords`` from now on (none: no AUTH); its replicas
        authenticate with the first. Remembered for its restarts."""
        if node.security is None:
            raise RedisError(f"{node.key} has no TLS launch settings")
        client = node.client()
        acl = ["ACL", "SETUSER", "default", "on", "resetpass"] + ([f">{p}" for p in passwords] or ["nopass"])
        client.execute_command(*acl)
        client.execute_command("CONFIG", "SET", "masterauth", passwords[0] if passwords else "")
        security = replace(node.security, passwords=passwords)
        with self._lock:
            self._security[node.key] = security
        node.security = security
        try:
            client.close()
        finally:
            node._client = None

    # -- replication -------------------------------------------------------------------------

    def make_primary(self, node: RedisNode) -> None:
        node.client().execute_command("REPLICAOF", "NO", "ONE")
        node.replica_of = None

    def make_replica(self, node: RedisNode, primary: RedisNode | tuple[str, int]) -> None:
        host, port = (primary.host, primary.port) if isinstance(primary, RedisNode) else primary
        node.client().execute_command("REPLICAOF", host, str(port))
        node.replica_of = (host, port)

    def wait_replication(self, replicas: list[RedisNode], timeout: float = 3.0) -> None:
        """Best effort: wait until each replica reports its link to the primary as connected."""
        deadline = time.monotonic() + timeout
        pending = [r for r in replicas if r.running]
        while pending and time.monotonic() < deadline:
            still = []
            for r in pending:
                try:
                    role = r.role()
                    if not (role[0] == "slave" and role[3] == "connected"):
                        still.append(r)
                except redis.RedisError:
                    still.append(r)
            pending = still
            if pending:
                time.sleep(0.05)

    def roles(self) -> dict[str, Any]:
        """``ROLE`` of every running node, for the test-only state route."""
        out: dict[str, Any] = {}
        with self._lock:
            nodes = list(self.nodes.values())
        for node in nodes:
            try:
                out[node.key] = node.role()
            except Exception as e:
                out[node.key] = {"error": str(e)}
        return out
