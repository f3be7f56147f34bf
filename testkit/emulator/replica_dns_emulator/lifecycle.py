"""Test-only: a replication group goes through one ElastiCache operation as docs/lifecycle.md describes it.

The sequences are data (``lifecycle_catalogue.json``: one entry per catalogue operation, each step
citing its catalogue row); this module plays them on the emulator's models. A step sets the group's
``Status``, members' ``CacheClusterStatus`` and ``CacheNodeStatus``, stops or starts a node's
redis-server (a node being rebooted or replaced stops answering; a node being backed up keeps
serving reads), promotes a replica (``CurrentRole``; endpoints stay, as on AWS), adds or removes a
member, and publishes the step's ElastiCache notifications in order.

A run is either played at once in a background thread, each step holding for its catalogue
``seconds`` × ``timeScale``, or step by step (``stepwise``): each call plays the next step and
returns what it did, so a test can check the names after every step's reconciler runs.

``ModifyReplicationGroup`` with ``ApplyImmediately`` and a new ``CacheNodeType`` starts the online
scaling this way too (``on_modify``), its 30 minutes played in 9 s.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from . import elasticache
from .runtime import runtime

CATALOGUE_PATH = os.path.join(os.path.dirname(__file__), "lifecycle_catalogue.json")

with open(CATALOGUE_PATH, encoding="utf-8") as _f:
    CATALOGUE: dict[str, Any] = {k: v for k, v in json.load(_f).items() if not k.startswith("_")}


class OperationError(elasticache.InvalidParameterValue):
    """A request the catalogue cannot play (unknown operation or target, group too small, …)."""


@dataclass
class Run:
    run_id: str
    account_id: str
    region: str
    group_id: str
    operation: str
    time_scale: float
    steps: list[dict[str, Any]]
    bindings: dict[str, list[str]]
    # Nodes whose redis-server the run stopped (with or without redis: the catalogue's ground truth).
    not_serving: set[str] = field(default_factory=set)
    done: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    thread: threading.Thread | None = None

    @property
    def finished(self) -> bool:
        return len(self.done) == len(self.steps) or self.error is not None

    def report(self) -> dict[str, Any]:
        return {"runId": self.run_id, "replicationGroupId": self.group_id, "operation": self.operation,
                "timeScale": self.time_scale, "steps": len(self.steps), "done": list(self.done),
                "finished": self.finished, "error": self.error}


_runs: dict[str, Run] = {}
_ids = itertools.count(1)


def _expand(steps: list[dict[str, Any]], bindings: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Unroll ``each`` blocks: their steps once per member of the selector, ``each`` bound to it."""
    out: list[dict[str, Any]] = []
    for step in steps:
        if "each" not in step:
            out.append(step)
            continue
        for cluster_id in bindings[step["each"]]:
            for inner in step["steps"]:
                out.append({**inner, "bind": {"each": [cluster_id]}})
    return out


def start(account_id: str, region: str, body: dict[str, Any]) -> Run:
    """Bind the operation's selectors to the group as it is now; play it unless ``stepwise``."""
    name = body.get("operation")
    if name not in CATALOGUE:
        raise OperationError(f"Unknown operation {name!r}; known: {', '.join(sorted(CATALOGUE))}.")
    entry = CATALOGUE[name]
    with runtime().elasticache_lock:
        g = elasticache._get_group(account_id, region, body.get("replicationGroupId"))
        members = g.ordered_members()
        primary = g.primary
        replicas = [m.cluster_id for m in members if m.role == "replica"]
        outside = [m.cluster_id for m in members if m.role == "replica" and m.az != primary.az]
        bindings: dict[str, list[str]] = {
            "primary": [primary.cluster_id],
            "replica1": replicas[:1],
            "replica2": replicas[1:2],
            "replicas": replicas,
            "members": [m.cluster_id for m in members],
            "snapshotting": [g.snapshotting_cluster_id or replicas[0]],
            "primaryAz": [m.cluster_id for m in members if m.az == primary.az],
            "outsideAz": outside[:1] or replicas[:1],
            "added": [],
            "promoted": [],
        }
        target = body.get("target") or entry.get("defaultTarget")
        if target:
            ids = bindings.get(target, [target])
            for cid in ids:
                if cid not in g.members:
                    raise OperationError(f"Target {cid} is not a member of {g.group_id}.")
            bindings["target"] = ids
        for selector in _selectors(entry["steps"]):
            if selector in bindings and not bindings[selector] and selector not in ("added", "promoted"):
                raise OperationError(f"{name} needs a {selector} member; {g.group_id} has {len(replicas)} replicas.")
        run = Run(
            run_id=f"op-{next(_ids)}",
            account_id=account_id,
            region=region,
            group_id=g.group_id,
            operation=name,
            time_scale=float(body.get("timeScale", 0.001)),
            steps=_expand(entry["steps"], bindings),
            bindings=bindings,
        )
    _runs[run.run_id] = run
    if body.get("firstStepNow"):  # the API call's own answer already shows the first step (e.g. `modifying`)
        next_step(run)
    if not body.get("stepwise"):
        run.thread = threading.Thread(target=_play_all, args=(run,), name=run.run_id, daemon=True)
        run.thread.start()
    return run


def _selectors(steps: list[dict[str, Any]]) -> set[str]:
    """Every selector the steps use (to refuse a group that lacks the members they name)."""
    out: set[str] = set()
    for step in steps:
        if "each" in step:
            out.add(step["each"])
            out |= _selectors(step["steps"]) - {"each"}
            continue
        out |= {sel for sel, *_ in step.get("set", [])} | {sel for sel, _ in step.get("serve", [])}
        out |= {sel for _, sel in step.get("events", []) if sel != "group"}
        out |= {step[k] for k in ("failover", "remove") if isinstance(step.get(k), str)}
    return out


def on_modify(account_id: str, region: str, group_id: str, before: dict[str, Any], p: dict[str, Any]) -> str | None:
    """ModifyReplicationGroup with ApplyImmediately: a new node type plays the online scaling of
    docs/lifecycle.md (rows S1-S2) in the background, as AWS runs it; returns the run id."""
    if str(p.get("ApplyImmediately")).lower() != "true":
        return None
    if p.get("CacheNodeType") is not None and p["CacheNodeType"] != before.get("CacheNodeType"):
        return start(account_id, region, {"replicationGroupId": group_id, "operation": "scale-up",
                                          "timeScale": API_TIME_SCALE, "firstStepNow": True}).run_id
    return None


# Catalogue seconds → emulator seconds for operations an API call starts (30 min of scaling: 9 s,
# long enough for a scheduled run to see the group modifying).
API_TIME_SCALE = 0.005


def get(run_id: str) -> Run:
    run = _runs.get(run_id)
    if run is None:
        raise OperationError(f"No operation run {run_id}.")
    return run


def _play_all(run: Run) -> None:
    if run.done:  # a step played already (firstStepNow) holds for its duration first
        time.sleep(run.done[-1]["seconds"] * run.time_scale)
    while not run.finished:
        try:
            report = next_step(run)
        except Exception as e:  # recorded in the run's report
            run.error = f"{type(e).__name__}: {e}"
            return
        time.sleep(report["seconds"] * run.time_scale)


def next_step(run: Run) -> dict[str, Any]:
    """Play the run's next step and return what it did (statuses after it, events, serving nodes)."""
    if run.finished:
        raise OperationError(f"{run.run_id} is finished.")
    step = run.steps[len(run.done)]
    with runtime().elasticache_lock:
        report = _apply(run, step)
    run.done.append(report)
    return report


def _ids_of(run: Run, step: dict[str, Any], selector: str) -> list[str]:
    bound = step.get("bind", {})
    if selector in bound:
        return bound[selector]
    if selector not in run.bindings:
        raise OperationError(f"Unknown selector {selector!r} in {run.operation}.")
    return run.bindings[selector]


def _apply(run: Run, step: dict[str, Any]) -> dict[str, Any]:
    groups = elasticache.groups_of(run.account_id, run.region)
    g = groups.get(run.group_id)
    if g is None:
        raise OperationError(f"Replication group {run.group_id} is gone.")
    if step.get("add"):
        for _ in range(int(step["add"])):
            run.bindings["added"].append(elasticache._add_member(g, "replica", None).cluster_id)
    if step.get("failover"):
        target = g.members[_ids_of(run, step, step["failover"])[0]]
        elasticache._promote(g, target)
        run.bindings["promoted"] = [target.cluster_id]
    if "group" in step:
        g.status = step["group"]
    for selector, cluster_status, node_status in step.get("set", []):
        for cid in _ids_of(run, step, selector):
            m = g.members[cid]
            m.status, m.node_status = cluster_status, node_status
    for selector, serving in step.get("serve", []):
        for cid in _ids_of(run, step, selector):
            m = g.members[cid]
            if serving:
                elasticache.start_node(g, m)
                run.not_serving.discard(cid)
            else:
                elasticache.stop_node(g, m)
                run.not_serving.add(cid)
    removed = []
    if step.get("remove"):
        for cid in _ids_of(run, step, step["remove"]):
            m = g.members[cid]
            elasticache._remove_member(g, m)
            if g.use_redis:  # stopped earlier with its address kept: give the address back
                runtime().redis.release_address(m.address)
            run.not_serving.discard(cid)
            removed.append(cid)
    if step.get("deleteGroup"):
        removed = [m.cluster_id for m in g.ordered_members()]
        groups.pop(g.group_id, None)
        g.stop_endpoints()
        for m in g.ordered_members():
            elasticache._remove_member(g, m)
        run.not_serving.clear()
    g.sync_endpoints()
    events = []
    for event, selector in step.get("events", []):
        sources = [g.group_id] if selector == "group" else _ids_of(run, step, selector)
        for source in sources:
            elasticache._notify(g, event, source)
            events.append(f"ElastiCache:{event}")
    members = [] if step.get("deleteGroup") else [
        {"clusterId": m.cluster_id, "currentRole": m.role, "cacheClusterStatus": m.status,
         "cacheNodeStatus": m.node_status, "address": m.endpoint_address,
         "serving": m.cluster_id not in run.not_serving}
        for m in g.ordered_members()
    ]
    return {"index": len(run.done), "row": step["row"], "seconds": step.get("seconds", 0),
            "groupStatus": None if step.get("deleteGroup") else g.status, "events": events,
            "members": members, "removed": removed}


def reset() -> None:
    _runs.clear()
