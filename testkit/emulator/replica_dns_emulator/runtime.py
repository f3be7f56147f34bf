"""Process-wide state shared by the emulator's modules (set up once by the launcher)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .lambda_local import LocalLambdaRunner
    from .notifications import Notifier
    from .redis_nodes import RedisNodeManager


@dataclass
class Runtime:
    endpoint: str
    region: str
    state_dir: str
    redis: "RedisNodeManager"
    notifier: "Notifier"
    lambdas: "LocalLambdaRunner"
    # AWS-style host names instead of loopback addresses in the API (a DNS server resolves them).
    node_hostnames: bool = False
    # One lock serializes every ElastiCache control-plane mutation and read of our models.
    elasticache_lock: threading.RLock = field(default_factory=threading.RLock)


_runtime: Runtime | None = None


def set_runtime(rt: Runtime) -> None:
    global _runtime
    _runtime = rt


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("emulator runtime not initialised (start it through launcher.py)")
    return _runtime
