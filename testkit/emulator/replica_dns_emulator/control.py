"""WSGI middleware in front of moto: counts the AWS requests received, serves the test-only routes.

Every request that is not a control route is attributed to ``service`` and ``Operation``:
the service from the SigV4 credential scope (``Credential=…/<date>/<region>/<service>/aws4_request``),
the operation from ``X-Amz-Target`` (JSON protocols), ``Action`` (Query protocols, in the query
string or the form body), or else by matching method and path against the ``requestUri`` templates
of botocore's model of that service (REST protocols: Route 53, Lambda, …).

Test-only routes (``/_emulator/…``, JSON in and out; never part of any AWS API):

  GET  /_emulator/health                      endpoint, region, redis availability, the Lambda runtimes'
                                              Node.js ({"nodejs22.x": {"node", "path", "source"}}), and
                                              tlsCaFile: the CA of transit-encrypted groups' nodes (PEM)
  GET  /_emulator/requests                    request counts: {"total", "byService": {svc: {op: n}}}
  POST /_emulator/requests/reset              zero the counts
  GET  /_emulator/lambda/idle?timeout=S       wait until no Lambda run is queued or running
  GET  /_emulator/lambda/invocations          history of runs (function, source, duration, error)
  POST /_emulator/lambda/invocations/reset
  GET  /_emulator/lambda/logs?function=NAME   the function's log (text)
  POST /_emulator/lambda/slow                 {"functionName", "seconds", "runs"?}: the next runs take
                                              that much longer, holding their concurrency slot
  GET  /_emulator/lambda/throttles            synchronous invokes refused with 429, by function
  POST /_emulator/elasticache/node-status     {"clusterId", "status", "failover"?, "stopProcess"?,
                                               "notify"?, "nodeStatus"?, "region"?, "accountId"?}
  GET  /_emulator/elasticache/roles           CurrentRole of every member next to its redis ROLE
  GET  /_emulator/elasticache/hosts           with --node-hostnames: every reported host name and
                                              its loopback address ({"hosts": [{"name", "address"}]})
  GET  /_emulator/elasticache/notifications   every ElastiCache notification published
  POST /_emulator/elasticache/notifications/reset
  POST /_emulator/elasticache/seed            {"count", "prefix"?, "numCacheClusters"?, "region"?}
  POST /_emulator/reset                       moto's reset plus this emulator's state (groups, redis
                                              nodes, notifications, Lambda history, request counts)
  POST /_emulator/shutdown                    stop redis nodes and exit

``POST /moto-api/reset`` (moto's own reset) resets the same emulator state.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from collections import defaultdict
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

from moto.core.exceptions import ServiceException

from . import elasticache, tls_certs
from .runtime import runtime

log = logging.getLogger("emulator.control")

DEFAULT_ACCOUNT = "123456789012"

_CRED_RE = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")


class _RestMatcher:
    """Finds the operation of a REST request from botocore's service model (lazy, cached)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_signing: dict[str, str] | None = None
        self._routes: dict[str, list[tuple[str, re.Pattern[str], list[str], int, str]]] = {}

    def service_model_name(self, signing_name: str) -> str | None:
        import botocore.session

        with self._lock:
            if self._by_signing is None:
                session = botocore.session.get_session()
                loader = session.get_component("data_loader")
                mapping: dict[str, str] = {}
                for name in loader.list_available_services("service-2"):
                    mapping.setdefault(name, name)
                self._by_signing = mapping
                self._session = session
            if signing_name in self._by_signing:
                return signing_name
            # A few services sign with a name that differs from their model name.
            aliases = {"email": "ses", "monitoring": "cloudwatch", "states": "stepfunctions"}
            return aliases.get(signing_name)

    def routes(self, service: str) -> list[tuple[str, re.Pattern[str], list[str], int, str]]:
        with self._lock:
            if service in self._routes:
                return self._routes[service]
        model = self._session.get_service_model(service)
        routes = []
        for op_name in model.operation_names:
            http = model.operation_model(op_name).http
            uri = http.get("requestUri", "/")
            path, _, query = uri.partition("?")
            literal = len(re.sub(r"\{[^}]+\}", "", path))
            pattern = ""
            for part in re.split(r"(\{[^}]+\})", path.rstrip("/")):
                if part.startswith("{"):
                    pattern += ".+" if part.endswith("+}") else "[^/]+"
                else:
                    pattern += re.escape(part)
            required_query = [q.split("=")[0] for q in query.split("&") if q]
            routes.append((http.get("method", "GET"), re.compile(f"^{pattern}/?$"), required_query, literal, op_name))
        with self._lock:
            self._routes[service] = routes
        return routes

    def operation(self, signing_name: str, method: str, path: str, query: dict[str, list[str]]) -> str | None:
        service = self.service_model_name(signing_name)
        if service is None:
            return None
        best: tuple[int, str] | None = None
        for m, rx, req_q, literal, op in self.routes(service):
            if m != method or not rx.match(path) or any(q not in query for q in req_q):
                continue
            score = literal + 100 * len(req_q)
            if best is None or score > best[0]:
                best = (score, op)
        return best[1] if best else None


class RequestCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._total = 0
        self._matcher = _RestMatcher()

    def identify(self, environ: dict[str, Any], body: bytes | None) -> tuple[str, str]:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        m = _CRED_RE.search(auth)
        if m:
            service = m.group(4)
        elif "X-Amz-Credential" in query:
            service = query["X-Amz-Credential"][0].split("/")[3]
        else:
            service = "unknown"
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target:
            return service, target.rsplit(".", 1)[-1]
        if "Action" in query:
            return service, query["Action"][0]
        if body:
            form = parse_qs(body.decode("utf-8", "replace"))
            if "Action" in form:
                return service, form["Action"][0]
        try:
            op = self._matcher.operation(service, environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/"), query)
        except Exception:  # unknown service model
            op = None
        return service, op or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"

    def record(self, service: str, op: str) -> None:
        with self._lock:
            self._counts[service][op] += 1
            self._total += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "total": self._total,
                "byService": {s: dict(ops) for s, ops in self._counts.items()},
            }

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._total = 0


def _read_body(environ: dict[str, Any]) -> bytes:
    length = environ.get("CONTENT_LENGTH")
    stream = environ["wsgi.input"]
    if length:
        body = stream.read(int(length))
    elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    return body


class ControlApp:
    def __init__(self, moto_app: Callable[..., Iterable[bytes]], on_shutdown: Callable[[], None]) -> None:
        self.moto_app = moto_app
        self.counter = RequestCounter()
        self.on_shutdown = on_shutdown

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            return self._control(environ, start_response)
        if path == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            self._reset_own_state()
        if not path.startswith("/moto-api"):
            body = None
            ctype = environ.get("CONTENT_TYPE", "")
            if environ.get("REQUEST_METHOD") == "POST" and "x-www-form-urlencoded" in ctype:
                body = _read_body(environ)
            try:
                service, op = self.counter.identify(environ, body)
            except Exception:
                service, op = "unknown", "unknown"
            self.counter.record(service, op)
        return self.moto_app(environ, start_response)

    def _reset_own_state(self) -> None:
        """moto's reset clears its backends; clear what this emulator keeps beside them too."""
        rt = runtime()
        with rt.elasticache_lock:
            elasticache.reset_all()
        rt.notifier.reset()
        rt.lambdas.reset_history()
        self.counter.reset()

    # -- control routes --------------------------------------------------------------------

    def _control(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            body_bytes = _read_body(environ) if method in ("POST", "PUT") else b""
            body = json.loads(body_bytes) if body_bytes.strip() else {}
            status, payload = self._route(method, path, query, body)
        except ServiceException as e:
            status, payload = 400, {"error": e.code, "message": e.message}
        except Exception as e:
            log.exception("control route %s %s", method, path)
            status, payload = 500, {"error": type(e).__name__, "message": str(e)}
        if isinstance(payload, str):
            data, ctype = payload.encode(), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(payload, default=str).encode(), "application/json"
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}.get(status, "OK")
        start_response(f"{status} {reason}", [("Content-Type", ctype), ("Content-Length", str(len(data)))])
        return [data]

    def _route(self, method: str, path: str, query: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        rt = runtime()
        account = body.get("accountId") or query.get("accountId") or DEFAULT_ACCOUNT
        region = body.get("region") or query.get("region") or rt.region
        key = (method, path.rstrip("/"))
        if key == ("GET", "/_emulator/health"):
            return 200, {"ok": True, "endpoint": rt.endpoint, "region": rt.region,
                         "redisAvailable": rt.redis.available, "stateDir": rt.state_dir,
                         "lambdaRuntimes": rt.lambdas.runtimes(),
                         "tlsCaFile": tls_certs.authority(rt.state_dir).ca_file}
        if key == ("GET", "/_emulator/requests"):
            return 200, self.counter.snapshot()
        if key == ("POST", "/_emulator/requests/reset"):
            self.counter.reset()
            return 200, {"ok": True}
        if key == ("GET", "/_emulator/lambda/idle"):
            timeout = float(query.get("timeout", "30"))
            idle = rt.lambdas.wait_idle(timeout)
            return 200, {"idle": idle, "inFlight": rt.lambdas.in_flight}
        if key == ("GET", "/_emulator/lambda/invocations"):
            return 200, {"invocations": rt.lambdas.invocations()}
        if key == ("POST", "/_emulator/lambda/invocations/reset"):
            rt.lambdas.reset_history()
            return 200, {"ok": True}
        if key == ("GET", "/_emulator/lambda/logs"):
            return 200, rt.lambdas.read_log(query.get("function", ""))
        if key == ("POST", "/_emulator/lambda/slow"):
            if not body.get("functionName") or not isinstance(body.get("seconds"), (int, float)):
                return 400, {"error": "BadRequest", "message": "functionName and seconds are required"}
            rt.lambdas.slow_down(body["functionName"], float(body["seconds"]), int(body.get("runs", 1)))
            return 200, {"ok": True}
        if key == ("GET", "/_emulator/lambda/throttles"):
            return 200, {"throttles": dict(rt.lambdas.throttled)}
        if key == ("POST", "/_emulator/elasticache/node-status"):
            if not body.get("clusterId") or not body.get("status"):
                return 400, {"error": "BadRequest", "message": "clusterId and status are required"}
            with rt.elasticache_lock:
                return 200, elasticache.set_node_status(
                    account, region, body["clusterId"], body["status"],
                    node_status=body.get("nodeStatus"),
                    failover_primary=body.get("failover"),
                    stop_process=body.get("stopProcess", True),
                    notify=body.get("notify", True),
                )
        if key == ("GET", "/_emulator/elasticache/roles"):
            with rt.elasticache_lock:
                return 200, {"members": elasticache.roles(query.get("accountId"), query.get("region"))}
        if key == ("GET", "/_emulator/elasticache/hosts"):
            with rt.elasticache_lock:
                return 200, {"hosts": elasticache.hosts()}
        if key == ("GET", "/_emulator/elasticache/notifications"):
            return 200, {"notifications": rt.notifier.list()}
        if key == ("POST", "/_emulator/elasticache/notifications/reset"):
            rt.notifier.reset()
            return 200, {"ok": True}
        if key == ("POST", "/_emulator/elasticache/seed"):
            with rt.elasticache_lock:
                n = elasticache.seed_groups(
                    account, region, body.get("prefix", "seeded-"), int(body.get("count", 1)),
                    int(body.get("numCacheClusters", 2)),
                )
            return 200, {"created": n}
        if key == ("POST", "/_emulator/reset"):
            from moto.moto_api._internal.models import moto_api_backend

            moto_api_backend.reset()
            self._reset_own_state()
            return 200, {"ok": True}
        if key == ("POST", "/_emulator/shutdown"):
            threading.Thread(target=self.on_shutdown, daemon=True).start()
            return 200, {"ok": True}
        return 404, {"error": "NotFound", "message": f"no test-only route {method} {path}"}
