"""Docker-free Lambda: functions with a ``nodejs*`` runtime run their uploaded zip in local Node.js.

moto runs Lambda code in Docker containers (``LambdaFunction._invoke_lambda``); this machine has no
Docker. Two moto entry points are patched:

* ``moto.awslambda.models.LambdaFunction.invoke`` (behind ``Invoke`` and ``InvokeAsync``): a
  ``RequestResponse`` invocation runs the handler and returns its result (``X-Amz-Function-Error:
  Unhandled`` and the Lambda error object when it throws, ``X-Amz-Log-Result`` with ``LogType=Tail``);
  an ``Event`` invocation is queued and returns 202 at once; ``DryRun`` does nothing.
* ``moto.sns.models.Subscription.publish`` for the ``lambda`` protocol: the message is delivered
  asynchronously with the standard SNS event envelope (``Records[0].EventSource = "aws:sns"``,
  ``Sns.Message``, ``Sns.TopicArn``, ``Sns.Subject``, ``Sns.MessageId``, ``Sns.Timestamp``, ...), so
  ``Publish`` returns immediately. Filter policies and ``MessageStructure=json`` behave as in moto.

In the default *cold* mode each run is one ``node lambda-runner.mjs`` process (a cold start every
time); in *warm* mode (``--lambda-mode warm``) one runner process per function stays up between
invocations like a warm sandbox (restarted when the code or configuration changes, after a
timeout or a crash). The zip, extracted
once per code hash, is the task root; the configured handler (``index.handler`` → ``index.js|mjs|
cjs``, export ``handler``) is loaded with ``import()``; the process gets the function's environment
plus ``AWS_ENDPOINT_URL`` pointing back at the emulator, ``AWS_REGION``/``AWS_DEFAULT_REGION``,
``AWS_LAMBDA_FUNCTION_NAME`` and, as on Lambda, temporary credentials of a session of the
function's execution role (moto's STS; they map to the role's account, and sts_trust.py knows the
caller by them). The function's ``Timeout`` is enforced.

Runs of one function are serialized: synchronous invocations wait for the function's lock,
asynchronous ones are processed in order by one worker thread per function. When the function has
reserved concurrency (``PutFunctionConcurrency``; the module sets 1), it is also a limit on runs in
progress, as on Lambda: a synchronous ``Invoke`` while every slot is busy is refused at once with
HTTP 429 ``TooManyRequestsException`` (``Reason: ReservedFunctionConcurrentInvocationLimitExceeded``)
instead of waiting — callers retry, as the AWS SDKs do for this error —, while asynchronous
invocations (``Event``, SNS) wait in the function's queue for a free slot. A reserved concurrency
of 0 refuses every synchronous invoke (asynchronous ones still run here; Lambda would throttle them).
Logs go to ``<state>/lambda-logs/<function>.log`` and to CloudWatch Logs ``/aws/lambda/<function>``.

Which Node.js runs a function follows its declared runtime, as on Lambda: ``lambda-runtimes.txt``
pins one Node.js release per runtime the module allows (``nodejs22.x`` → Node.js 22,
``nodejs24.x`` → Node.js 24), which ``install.sh`` installs as
``<cache>/elasticache-replica-dns/lambda-runtimes/<runtime>/bin/node``. When that binary is missing
or not the pinned one, the function runs on the host's ``node`` instead and the launcher says so
once, in one warning line, at start. ``--node PATH`` runs every supported runtime with PATH.
A ``nodejs*`` runtime with no pin (``nodejs18.x``, ``nodejs20.x``, …) is refused like Lambda refuses
a runtime it cannot run: ``Invoke`` fails with ``InvalidRuntimeException`` (HTTP 502), an SNS
delivery is recorded as a failed run. Other runtimes (``python3.12``, …) stay moto's (Docker).
Each run's record (``invocations()``) names the runtime and the Node.js version that ran it, and the
function's log has an ``INIT_START`` line saying the same at every cold start.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import logging
import os
import queue
import shutil
import subprocess
import threading
import time
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaFunction
from moto.sns.models import Subscription

log = logging.getLogger("emulator.lambda")

RESULT_MARK = "__LAMBDA_RESULT__ "
END_MARK = "__LAMBDA_END__ "
PER_INVOCATION_ENV = ("AWS_LAMBDA_REQUEST_ID", "AWS_LAMBDA_LOG_STREAM_NAME")
UNSUPPORTED_RUNTIME_MESSAGE = "The runtime or runtime version for the function is not supported"


class InvalidRuntimeException(LambdaClientError):
    """What Lambda's Invoke answers for a function whose runtime it cannot run."""

    code = 502

    def __init__(self, message: str) -> None:
        super().__init__("InvalidRuntimeException", message)


class UnsupportedRuntime(Exception):
    pass


class TooManyRequestsException(LambdaClientError):
    """Lambda's answer to a synchronous Invoke when the reserved concurrency is used up."""

    code = 429

    def __init__(self) -> None:
        super().__init__("TooManyRequestsException", "Rate Exceeded.")
        self.description = json.dumps(
            {"Reason": "ReservedFunctionConcurrentInvocationLimitExceeded", "Type": "User", "message": "Rate Exceeded."}
        )


class Throttled(Exception):
    """Every reserved concurrency slot of the function is busy."""


def reserved_concurrency(fn: LambdaFunction) -> int | None:
    value = getattr(fn, "reserved_concurrency", None)
    return None if value in (None, "") else int(value)


@dataclass(frozen=True)
class RuntimePin:
    """One line of lambda-runtimes.txt: the Node.js release a Lambda runtime runs on."""

    runtime: str
    package: str
    version: str
    integrity: str

    @property
    def stamp(self) -> str:  # the content install.sh writes to <runtime>/.installed
        return f"{self.package}@{self.version} {self.integrity}"


@dataclass(frozen=True)
class NodeChoice:
    """The Node.js binary a runtime's functions run with."""

    path: str
    version: str  # process.version of that binary, e.g. "v22.23.3"
    source: str  # "runtime" (the pinned binary), "host-fallback" (host node), "override" (--node)


def read_runtime_pins(path: str) -> dict[str, RuntimePin]:
    pins: dict[str, RuntimePin] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split("#", 1)[0].split()
                if len(parts) == 4:
                    pins[parts[0]] = RuntimePin(*parts)
    except FileNotFoundError:
        log.warning("no %s: every nodejs* runtime is refused", path)
    return pins


def default_runtimes_dir() -> str:
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "elasticache-replica-dns", "lambda-runtimes")


def node_version(path: str) -> str | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    version = out.stdout.decode("utf-8", "replace").strip()
    return version if out.returncode == 0 and version.startswith("v") else None


class _WarmProcess:
    """A long-lived ``lambda-runner.mjs`` in warm mode: one sandbox kept between invocations."""

    def __init__(self, cmd: list[str], cwd: str, env: dict[str, str], key: str) -> None:
        self.key = key
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.results: "queue.Queue[str | None]" = queue.Queue()
        self._cond = threading.Condition()
        self._stderr: list[str] = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout
        other = []
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith(RESULT_MARK):
                self.results.put(line)
            else:
                other.append(line)
        self.results.put(None)  # EOF: the process ended

    def _read_stderr(self) -> None:
        assert self.proc.stderr
        for raw in self.proc.stderr:
            with self._cond:
                self._stderr.append(raw.decode("utf-8", "replace"))
                self._cond.notify_all()
        with self._cond:
            self._stderr.append(None)  # type: ignore[arg-type]
            self._cond.notify_all()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def take_logs(self, request_id: str, wait: float) -> str:
        """Log lines up to this invocation's end marker (waits up to ``wait`` s for it)."""
        end = f"{END_MARK}{request_id}"
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                lines = self._stderr
                for i, line in enumerate(lines):
                    if line is None or line.strip() == end:
                        taken = [l for l in lines[:i] if l is not None]
                        del lines[: i + (1 if line is not None else 0)]
                        text = "".join(taken)
                        return text[:-1] if text.endswith("\n\n") else text
                left = deadline - time.monotonic()
                if left <= 0:
                    taken = [l for l in lines if l is not None]
                    lines.clear()
                    return "".join(taken)
                self._cond.wait(left)

    def kill(self) -> None:
        if self.alive:
            self.proc.kill()
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                pass


@dataclass
class _Worker:
    lock: threading.Lock = field(default_factory=threading.Lock)
    queue: "queue.Queue[tuple[LambdaFunction, bytes, str]]" = field(default_factory=queue.Queue)
    thread: threading.Thread | None = None
    # Runs holding a concurrency slot (running, or waiting for ``lock``), guarded by ``slots``.
    slots: threading.Condition = field(default_factory=threading.Condition)
    running: int = 0


class LocalLambdaRunner:
    def __init__(self, endpoint: str, state_dir: str, runner_script: str, node_bin: str | None = None,
                 mode: str = "cold", runtimes_dir: str | None = None, runtime_pins: str | None = None) -> None:
        if mode not in ("cold", "warm"):
            raise ValueError(f"lambda mode must be cold or warm, not {mode}")
        self.mode = mode
        self._warm: dict[str, _WarmProcess] = {}
        self.endpoint = endpoint
        self.runner_script = runner_script
        self.runtimes_dir = runtimes_dir or default_runtimes_dir()
        self.pins = read_runtime_pins(runtime_pins or os.path.join(os.path.dirname(runner_script), "lambda-runtimes.txt"))
        self.nodes = self._choose_nodes(node_bin)
        self.code_root = os.path.join(state_dir, "lambda-code")
        self.log_root = os.path.join(state_dir, "lambda-logs")
        os.makedirs(self.code_root, exist_ok=True)
        os.makedirs(self.log_root, exist_ok=True)
        self._workers: dict[str, _Worker] = {}
        self._workers_lock = threading.Lock()
        self._idle = threading.Condition()
        self._in_flight = 0
        self._history_lock = threading.Lock()
        self.history: list[dict[str, Any]] = []
        # Test-only: extra seconds for the next runs of a function (a slow run holds its slot), and
        # how many synchronous invokes were throttled, by function name.
        self._slow: dict[str, list[float]] = {}
        # Credentials of the execution role's session, by (function ARN, role ARN).
        self._sessions: dict[tuple[str, str], dict[str, str]] = {}
        self.throttled: dict[str, int] = defaultdict(int)

    # -- which Node.js -------------------------------------------------------------------------

    def _choose_nodes(self, override: str | None) -> dict[str, NodeChoice]:
        """The binary of each pinned runtime; one warning line for those that fall back to the host."""
        choices: dict[str, NodeChoice] = {}
        host: NodeChoice | None = None
        missing: list[str] = []
        for runtime, pin in self.pins.items():
            if override:
                choices[runtime] = NodeChoice(override, node_version(override) or "unknown", "override")
                continue
            binary = os.path.join(self.runtimes_dir, runtime, "bin", "node")
            try:
                with open(os.path.join(self.runtimes_dir, runtime, ".installed"), encoding="utf-8") as f:
                    stamp = f.read().strip()
            except OSError:
                stamp = ""
            version = node_version(binary) if stamp == pin.stamp else None
            if version == f"v{pin.version}":
                choices[runtime] = NodeChoice(binary, version, "runtime")
                continue
            if host is None:
                path = shutil.which("node") or "node"
                host = NodeChoice(path, node_version(path) or "unknown", "host-fallback")
            choices[runtime] = host
            missing.append(f"{runtime} (Node.js {pin.version})")
        if missing:
            log.warning(
                "Lambda runtime%s %s not installed under %s (testkit/emulator/install.sh installs them; linux x86_64 "
                "only): those functions run on the host's node %s (%s) instead",
                "s" if len(missing) > 1 else "", ", ".join(missing), self.runtimes_dir,
                host.version if host else "?", host.path if host else "?",
            )
        return choices

    def node_for(self, fn: LambdaFunction) -> NodeChoice:
        choice = self.nodes.get(str(fn.run_time or ""))
        if choice is None:
            raise UnsupportedRuntime(
                f"{UNSUPPORTED_RUNTIME_MESSAGE}: {fn.run_time} (the emulator runs {', '.join(self.pins) or 'none'})"
            )
        return choice

    def runtimes(self) -> dict[str, dict[str, str]]:
        return {rt: {"node": c.version, "path": c.path, "source": c.source} for rt, c in self.nodes.items()}

    # -- which functions -----------------------------------------------------------------------

    @staticmethod
    def handles(fn: LambdaFunction) -> bool:
        return str(fn.run_time or "").startswith("nodejs") and getattr(fn, "package_type", "Zip") != "Image"

    @staticmethod
    def _fn_key(fn: LambdaFunction) -> str:
        return f"{fn.account_id}:{fn.region}:{fn.function_name}"

    def _worker(self, fn: LambdaFunction) -> _Worker:
        key = self._fn_key(fn)
        with self._workers_lock:
            w = self._workers.get(key)
            if w is None:
                w = self._workers[key] = _Worker()
                w.thread = threading.Thread(target=self._drain, args=(w,), name=f"lambda-{fn.function_name}", daemon=True)
                w.thread.start()
            return w

    # -- quiescence ----------------------------------------------------------------------------

    def _begin(self) -> None:
        with self._idle:
            self._in_flight += 1

    def _end(self) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._in_flight > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
            return True

    @property
    def in_flight(self) -> int:
        with self._idle:
            return self._in_flight

    # -- invocation ----------------------------------------------------------------------------

    def invoke_sync(self, fn: LambdaFunction, event: bytes, source: str = "invoke") -> tuple[bytes, bool, str]:
        w = self._worker(fn)
        limit = reserved_concurrency(fn)
        with w.slots:
            if limit is not None and w.running >= limit:
                with self._history_lock:
                    self.throttled[fn.function_name] += 1
                raise Throttled(fn.function_name)
            w.running += 1
        self._begin()
        try:
            with w.lock:
                return self._run(fn, event, source)
        finally:
            self._release_slot(w)
            self._end()

    @staticmethod
    def _release_slot(w: _Worker) -> None:
        with w.slots:
            w.running -= 1
            w.slots.notify_all()

    def enqueue(self, fn: LambdaFunction, event: bytes, source: str) -> None:
        self._begin()
        self._worker(fn).queue.put((fn, event, source))

    def _drain(self, w: _Worker) -> None:
        while True:
            fn, event, source = w.queue.get()
            with w.slots:  # an event waits for a free slot (0 would throttle it for ever: not modelled)
                while (limit := reserved_concurrency(fn)) and w.running >= limit:
                    w.slots.wait(1.0)
                w.running += 1
            try:
                with w.lock:
                    self._run(fn, event, source)
            except Exception:
                log.exception("async invocation of %s failed", fn.function_name)
            finally:
                self._release_slot(w)
                self._end()

    def _code_dir(self, fn: LambdaFunction) -> str:
        sha = (getattr(fn, "code_sha_256", None) or "nosha").replace("/", "_").replace("+", "-")
        target = os.path.join(self.code_root, f"{fn.function_name}-{sha}")
        if not os.path.isdir(target):
            tmp = f"{target}.tmp-{uuid.uuid4().hex}"
            os.makedirs(tmp)
            import io

            with zipfile.ZipFile(io.BytesIO(fn.code_bytes)) as zf:
                zf.extractall(tmp)
            try:
                os.rename(tmp, target)
            except OSError:  # another thread won the race
                shutil.rmtree(tmp, ignore_errors=True)
        return target

    def _env(self, fn: LambdaFunction, request_id: str, code_dir: str, log_stream: str, node: NodeChoice) -> dict[str, str]:
        env: dict[str, str] = {k: str(v) for k, v in (fn.environment_vars or {}).items()}
        path = os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")
        if node.source != "host-fallback":  # as /var/lang/bin on Lambda: `node` is the runtime's
            path = os.path.dirname(node.path) + os.pathsep + path
        env.update(
            {
                "PATH": path,
                "LANG": "en_US.UTF-8",
                "TZ": ":UTC",
                "LAMBDA_TASK_ROOT": code_dir,
                "LAMBDA_RUNTIME_DIR": os.path.dirname(self.runner_script),
                "_HANDLER": fn.handler or "index.handler",
                "AWS_EXECUTION_ENV": f"AWS_Lambda_{fn.run_time}",
                "AWS_LAMBDA_FUNCTION_NAME": fn.function_name,
                "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(fn.memory_size or 128),
                "AWS_LAMBDA_FUNCTION_TIMEOUT": str(fn.timeout or 3),
                "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{fn.function_name}",
                "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
                "AWS_LAMBDA_REQUEST_ID": request_id,
                "AWS_LAMBDA_FUNCTION_ARN": fn.function_arn,
                "AWS_REGION": fn.region,
                "AWS_DEFAULT_REGION": fn.region,
                **self._execution_credentials(fn),
                "AWS_ENDPOINT_URL": self.endpoint,
                "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            }
        )
        return env

    def _execution_credentials(self, fn: LambdaFunction) -> dict[str, str]:
        """A session of the execution role, one per function and role (a warm runner keeps its
        environment); moto's sessions last 12 hours at most, longer than any test run."""
        key = (fn.function_arn, fn.role)
        with self._history_lock:
            cached = self._sessions.get(key)
            if cached is None:
                from moto.sts.models import sts_backends
                from moto.utilities.utils import get_partition

                session = sts_backends[fn.account_id][get_partition(fn.region)].assume_role(
                    region_name=fn.region,
                    role_session_name=fn.function_name[:64],
                    role_arn=fn.role,
                    policy="",
                    duration=43200,
                    external_id="",
                )
                cached = {
                    "AWS_ACCESS_KEY_ID": session.access_key_id,
                    "AWS_SECRET_ACCESS_KEY": session.secret_access_key,
                    "AWS_SESSION_TOKEN": session.session_token,
                }
                self._sessions[key] = cached
            return dict(cached)

    def slow_down(self, function_name: str, seconds: float, runs: int = 1) -> None:
        """The next ``runs`` runs of the function take ``seconds`` longer (test-only)."""
        with self._history_lock:
            self._slow[function_name] = [seconds] * runs

    def _extra_delay(self, function_name: str) -> float:
        with self._history_lock:
            pending = self._slow.get(function_name)
            return pending.pop(0) if pending else 0.0

    def _run(self, fn: LambdaFunction, event: bytes, source: str) -> tuple[bytes, bool, str]:
        time.sleep(self._extra_delay(fn.function_name))
        request_id = str(uuid.uuid4())
        started = _dt.datetime.now(_dt.timezone.utc)
        log_stream = f"{started:%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
        timeout = float(fn.timeout or 3)
        t0 = time.monotonic()
        node: NodeChoice | None = None
        init_line = ""
        try:
            node = self.node_for(fn)
            code_dir = self._code_dir(fn)
            env = self._env(fn, request_id, code_dir, log_stream, node)
            run = self._run_warm if self.mode == "warm" else self._run_cold
            error, payload_obj, logs, cold = run(fn, event, request_id, log_stream, code_dir, env, timeout, node)
            if cold:
                how = {"runtime": "pinned runtime binary", "host-fallback": "HOST NODE, runtime binary not installed",
                       "override": "--node override"}[node.source]
                init_line = f"INIT_START Runtime Version: {fn.run_time}\tNode.js: {node.version} ({how})\n"
        except UnsupportedRuntime as e:
            logs, error = f"{e}\n", True
            payload_obj = {"errorType": "InvalidRuntimeException", "errorMessage": str(e)}
        except Exception as e:  # the emulator's own failure: report it like a runtime error
            log.exception("running %s", fn.function_name)
            logs, error = f"emulator error: {e}\n", True
            payload_obj = {"errorType": "Runtime.EmulatorError", "errorMessage": str(e)}
        duration_ms = (time.monotonic() - t0) * 1000
        payload = json.dumps(payload_obj).encode()
        full_log = (
            f"{init_line}"
            f"START RequestId: {request_id} Version: $LATEST\n"
            f"{logs}"
            f"END RequestId: {request_id}\n"
            f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\t"
            f"Billed Duration: {int(duration_ms) + 1} ms\tMemory Size: {fn.memory_size or 128} MB\n"
        )
        self._save_logs(fn, full_log, log_stream)
        with self._history_lock:
            self.history.append(
                {
                    "functionName": fn.function_name,
                    "requestId": request_id,
                    "source": source,
                    "runtime": fn.run_time,
                    "nodeVersion": node.version if node else None,
                    "nodeSource": node.source if node else None,
                    "start": started.isoformat(),
                    "durationMs": round(duration_ms, 1),
                    "error": error,
                    "errorType": payload_obj.get("errorType") if error and isinstance(payload_obj, dict) else None,
                    "event": _truncate(event),
                    "result": _truncate(payload),
                }
            )
        return payload, error, full_log

    def _run_cold(self, fn: LambdaFunction, event: bytes, request_id: str, log_stream: str, code_dir: str,
                  env: dict[str, str], timeout: float, node: NodeChoice) -> tuple[bool, Any, str, bool]:
        try:
            proc = subprocess.run(
                [node.path, self.runner_script],
                input=event or b"{}",
                capture_output=True,
                cwd=code_dir,
                env=env,
                timeout=timeout + 1.0,  # the runner enforces the timeout itself; this is a backstop
            )
        except subprocess.TimeoutExpired as e:
            logs = e.stderr.decode("utf-8", "replace") if isinstance(e.stderr, bytes) else ""
            return True, {
                "errorType": "Sandbox.Timedout",
                "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
            }, logs, True
        stdout, stderr = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
        result_line = next((l for l in reversed(stdout.split("\n")) if l.startswith(RESULT_MARK)), None)
        other_stdout = "\n".join(l for l in stdout.split("\n") if l and not l.startswith(RESULT_MARK))
        logs = stderr + (other_stdout + "\n" if other_stdout else "")
        if result_line is None:
            return True, {
                "errorType": "Runtime.ExitError",
                "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status {proc.returncode}",
            }, logs, True
        outcome = json.loads(result_line[len(RESULT_MARK):])
        error = not outcome.get("ok")
        return error, (outcome.get("result") if not error else outcome.get("error")), logs, True

    def _run_warm(self, fn: LambdaFunction, event: bytes, request_id: str, log_stream: str, code_dir: str,
                  env: dict[str, str], timeout: float, node: NodeChoice) -> tuple[bool, Any, str, bool]:
        fkey = self._fn_key(fn)
        static = {k: v for k, v in env.items() if k not in PER_INVOCATION_ENV}
        key = json.dumps([node.path, code_dir, sorted(static.items())])
        wp = self._warm.get(fkey)
        if wp is not None and (wp.key != key or not wp.alive):
            wp.kill()
            wp = None
        cold = wp is None
        if wp is None:
            wp = self._warm[fkey] = _WarmProcess(
                [node.path, self.runner_script], code_dir, {**env, "LAMBDA_RUNNER_MODE": "warm"}, key
            )
        try:
            parsed_event = json.loads(event or b"{}")
        except ValueError:
            parsed_event = (event or b"").decode("utf-8", "replace")
        request = {"requestId": request_id, "event": parsed_event, "logStream": log_stream}
        assert wp.proc.stdin
        try:
            wp.proc.stdin.write(json.dumps(request).encode() + b"\n")
            wp.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        try:
            line = wp.results.get(timeout=timeout + 2.0)
        except queue.Empty:
            wp.kill()
            return True, {
                "errorType": "Sandbox.Timedout",
                "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
            }, wp.take_logs(request_id, 0.5), cold
        if line is None:
            return True, {
                "errorType": "Runtime.ExitError",
                "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status {wp.proc.poll()}",
            }, wp.take_logs(request_id, 0.5), cold
        logs = wp.take_logs(request_id, 2.0)
        outcome = json.loads(line[len(RESULT_MARK):])
        error = not outcome.get("ok")
        return error, (outcome.get("result") if not error else outcome.get("error")), logs, cold

    def stop_all(self) -> None:
        for wp in list(self._warm.values()):
            wp.kill()
        self._warm.clear()

    def _save_logs(self, fn: LambdaFunction, text: str, stream: str) -> None:
        with open(os.path.join(self.log_root, f"{fn.function_name}.log"), "a", encoding="utf-8") as f:
            f.write(text)
        try:
            fn.logs_backend.ensure_log_group(fn.logs_group_name)
            fn.logs_backend.create_log_stream(fn.logs_group_name, stream)
            now = int(time.time() * 1000)
            fn.logs_backend.put_log_events(
                fn.logs_group_name, stream, [{"timestamp": now, "message": line} for line in text.splitlines()]
            )
        except Exception as e:  # CloudWatch Logs is a convenience here
            log.debug("could not store logs of %s in CloudWatch Logs: %s", fn.function_name, e)

    def read_log(self, function_name: str) -> str:
        try:
            with open(os.path.join(self.log_root, f"{function_name}.log"), encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def invocations(self) -> list[dict[str, Any]]:
        with self._history_lock:
            return list(self.history)

    def reset_history(self) -> None:
        with self._history_lock:
            self.history.clear()
            self.throttled.clear()
            self._slow.clear()


def _truncate(b: bytes | str, limit: int = 4096) -> str:
    s = b.decode("utf-8", "replace") if isinstance(b, bytes) else b
    return s if len(s) <= limit else s[:limit] + "…"


def sns_event(sub: Subscription, message: str, message_id: str, subject: str | None,
              message_attributes: dict[str, Any] | None) -> dict[str, Any]:
    region = sub.topic.arn.split(":")[3]
    attrs = {}
    for name, v in (message_attributes or {}).items():
        attrs[name] = {
            "Type": v.get("Type") or v.get("DataType"),
            "Value": v.get("Value") if v.get("Value") is not None else v.get("StringValue", v.get("BinaryValue")),
        }
    now = _dt.datetime.now(_dt.timezone.utc)
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": sub.arn,
                "Sns": {
                    "Type": "Notification",
                    "MessageId": message_id,
                    "TopicArn": sub.topic.arn,
                    "Subject": subject,
                    "Message": message,
                    "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
                    "SignatureVersion": "1",
                    "Signature": "RU1VTEFUT1I=",
                    "SigningCertUrl": f"https://sns.{region}.amazonaws.com/SimpleNotificationService-emulator.pem",
                    "UnsubscribeUrl": f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={sub.arn}",
                    "MessageAttributes": attrs,
                },
            }
        ]
    }


def install(runner: LocalLambdaRunner) -> None:
    orig_invoke = LambdaFunction.invoke
    orig_publish = Subscription.publish

    def invoke(self: LambdaFunction, body: Any, request_headers: Any, response_headers: Any) -> Any:
        if not runner.handles(self):
            return orig_invoke(self, body, request_headers, response_headers)
        if isinstance(body, str):
            body = body.encode()
        body = body or b"{}"
        headers = {str(k).lower(): v for k, v in dict(request_headers or {}).items()}
        inv_type = headers.get("x-amz-invocation-type", "RequestResponse")
        try:
            runner.node_for(self)
        except UnsupportedRuntime as e:
            raise InvalidRuntimeException(str(e)) from None
        if inv_type == "DryRun":
            return b""
        if inv_type == "Event":
            runner.enqueue(self, body, "invoke-event")
            return b""
        try:
            payload, error, logs = runner.invoke_sync(self, body)
        except Throttled:
            raise TooManyRequestsException() from None
        if error:
            response_headers["x-amz-function-error"] = "Unhandled"
        if headers.get("x-amz-log-type") == "Tail":
            response_headers["x-amz-log-result"] = base64.b64encode(logs.encode()[-4096:]).decode()
        response_headers["x-amz-executed-version"] = "$LATEST"
        return payload

    def publish(self: Subscription, message: str, message_id: str, subject: str | None = None,
                message_attributes: dict[str, Any] | None = None, group_id: str | None = None,
                deduplication_id: str | None = None, message_structure: str | None = None) -> None:
        if self.protocol != "lambda":
            return orig_publish(self, message, message_id, subject=subject, message_attributes=message_attributes,
                                group_id=group_id, deduplication_id=deduplication_id,
                                message_structure=message_structure)
        if self._filter_policy_matcher is not None and not self._filter_policy_matcher.matches(message_attributes, message):
            return None
        if message_structure == "json":
            message = self._parse_message_structure(message, self.protocol)
        arn = self.endpoint.split(":")
        region, qualifier = arn[3], (arn[7] if len(arn) == 8 else None)
        from moto.awslambda.utils import get_backend

        try:
            fn = get_backend(self.account_id, region).get_function(arn[6], qualifier)
        except Exception as e:  # deleted function: SNS would fail the delivery
            log.warning("SNS delivery to %s failed: %s", self.endpoint, e)
            return None
        if not runner.handles(fn):
            return orig_publish(self, message, message_id, subject=subject, message_attributes=message_attributes,
                                group_id=group_id, deduplication_id=deduplication_id,
                                message_structure=message_structure)
        event = sns_event(self, message, message_id, subject, message_attributes)
        runner.enqueue(fn, json.dumps(event).encode(), "sns")
        return None

    LambdaFunction.invoke = invoke  # type: ignore[method-assign]
    Subscription.publish = publish  # type: ignore[method-assign]
