"""redis-py reading through the replica names as docs/clients.md's TLS recipe says, for the client check.

    reader.py --resolver 127.0.0.1:PORT --port 6379 --key KEY --ca CA.pem NAME...   (AUTH token in $REDIS_AUTH)
    reader.py --resolver 127.0.0.1:PORT --port 6379 --ca CA.pem --our-name NAME     (the negative check)

One thread per name. At every (re)connect it asks for the name's canonical name (the CNAME's
target, ``socket.getaddrinfo(..., flags=AI_CANONNAME)``), connects to that host with TLS, the
certificate verified against it (redis-py's default ``ssl_check_hostname``), and AUTH; then reads
the key and ``ROLE`` on the same connection every 20 ms, and when the node says ``master`` closes
the connection and, 100 ms later, resolves and connects again. Every read goes to stdout as one JSON
line (``at``, ``name``, ``node``, ``address``, ``resolvedAt``, ``connection``, ``value``, ``error``);
it stops when stdin closes.

The recipe is the production one; only the resolver differs: Python's resolver is the system's
(/etc/resolv.conf), which cannot name a port, so ``socket.getaddrinfo`` is pointed at the test's
DNS server with dnspython (A queries; the answer's canonical name follows the CNAME chain as glibc's
AI_CANONNAME does). ``--our-name`` connects with TLS to the name itself (verifying against it) and
prints the error, which must be the host-name mismatch.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import socket
import sys
import threading
import time

import dns.resolver
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

READ_INTERVAL = 0.020
RECONNECT_PAUSE = 0.100
_out_lock = threading.Lock()
_local = threading.local()


def _emit(record: dict) -> None:
    with _out_lock:
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()


def _now_ms() -> int:
    return int(time.time() * 1000)


def use_resolver(server: str) -> None:
    """socket.getaddrinfo through ``server`` (``ip:port``), no cache: each call asks it."""
    host, port = server.rsplit(":", 1)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port)
    resolver.lifetime = 2.0
    system = socket.getaddrinfo

    def getaddrinfo(name, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's signature
        try:
            ipaddress.ip_address(name)
            return system(name, port, family, type, proto, flags)
        except ValueError:
            pass
        answer = resolver.resolve(name, "A")
        canonical = answer.canonical_name.to_text(omit_final_dot=True)
        _local.address = answer[0].address
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, canonical if flags & socket.AI_CANONNAME else "", (rr.address, int(port)))
                for rr in answer]

    socket.getaddrinfo = getaddrinfo


def endpoint_of(name: str, port: int) -> str:
    """The recipe: the host name the name points at now (its CNAME's target), which the node's certificate names."""
    return socket.getaddrinfo(name, port, type=socket.SOCK_STREAM, flags=socket.AI_CANONNAME)[0][3]


def client(host: str, port: int, ca: str, password: str | None) -> redis.Redis:
    return redis.Redis(host=host, port=port, ssl=True, ssl_ca_certs=ca, password=password,
                       socket_connect_timeout=2, socket_timeout=2, retry=Retry(NoBackoff(), 0))


def read_through(name: str, args: argparse.Namespace, password: str | None, stop: threading.Event) -> None:
    connection = 0
    while not stop.is_set():
        connection += 1
        _local.address = None
        resolved_at = None
        r = None
        try:
            host = endpoint_of(name, args.port)
            resolved_at = _now_ms()
            r = client(host, args.port, args.ca, password)
            while not stop.is_set():
                pipe = r.pipeline(transaction=False)
                pipe.get(args.key)
                pipe.execute_command("ROLE")
                value, role = pipe.execute()
                primary = role[0] == b"master"
                _emit({"at": _now_ms(), "name": name, "node": "primary" if primary else "replica", "address": _local.address,
                       "resolvedAt": resolved_at, "connection": connection, "value": value.decode() if value is not None else None})
                if primary:
                    break  # the recipe: a master is not a replica any more, ask DNS again
                time.sleep(READ_INTERVAL)
        except Exception as e:  # each failure is a read that failed
            _emit({"at": _now_ms(), "name": name, "node": "error", "address": _local.address, "resolvedAt": resolved_at,
                   "connection": connection, "error": f"{type(e).__name__}: {e}"})
        if r is not None:
            r.close()
        if not stop.is_set():
            time.sleep(RECONNECT_PAUSE)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resolver", required=True)
    ap.add_argument("--port", type=int, default=6379)
    ap.add_argument("--key")
    ap.add_argument("--ca", required=True)
    ap.add_argument("--our-name")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    use_resolver(args.resolver)
    password = os.environ.get("REDIS_AUTH") or None
    if args.our_name:
        try:
            client(args.our_name, args.port, args.ca, password).ping()
            _emit({"ourName": args.our_name, "error": None})
        except Exception as e:
            _emit({"ourName": args.our_name, "error": f"{type(e).__name__}: {e}"})
        return 0
    stop = threading.Event()
    threads = [threading.Thread(target=read_through, args=(n, args, password, stop), daemon=True) for n in args.names]
    for t in threads:
        t.start()
    _emit({"ready": True})
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()
    for t in threads:
        t.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
