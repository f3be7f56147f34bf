#!/usr/bin/env python3
"""Start the local AWS emulator: moto's server in process, plus the parts this project needs.

    python testkit/emulator/launcher.py [--port 0] [--region us-east-1] [--state-dir DIR] [--no-redis]

Prints one line ``EMULATOR_READY http://127.0.0.1:<port>`` on stdout once it accepts requests,
then serves until SIGTERM/SIGINT or ``POST /_emulator/shutdown``, and stops every redis-server it
started on the way out. Run it with the venv made by ``install.sh``. See README.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    ap.add_argument("--region", default=os.environ.get("AWS_REGION") or "us-east-1")
    ap.add_argument("--state-dir", default=None, help="logs, extracted Lambda code, redis dirs (default: a temp dir, removed on exit)")
    ap.add_argument("--no-redis", action="store_true", help="never start redis-server (placeholder endpoints)")
    ap.add_argument("--node-hostnames", action="store_true",
                    help="with redis: report AWS-style host names as node and group endpoints instead of their "
                         "loopback addresses (GET /_emulator/elasticache/hosts lists both, for a DNS server)")
    ap.add_argument("--node", default=None,
                    help="run every nodejs22.x/nodejs24.x function with this node binary (default: the runtime's "
                         "pinned Node.js from install.sh, else the host's node with a warning)")
    ap.add_argument("--lambda-runtimes-dir", default=os.environ.get("EMULATOR_LAMBDA_RUNTIMES_DIR"),
                    help="where install.sh put <runtime>/bin/node (default "
                         "${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/lambda-runtimes)")
    ap.add_argument("--lambda-mode", choices=("cold", "warm"), default=os.environ.get("EMULATOR_LAMBDA_MODE", "cold"),
                    help="cold: one Node.js process per invocation (default); warm: one kept per function")
    ap.add_argument("--verbose", action="store_true", help="log every request")
    ap.add_argument("--remove-state-dir", action="store_true", help="delete --state-dir on exit")
    ap.add_argument("--exit-on-stdin-eof", action="store_true",
                    help="shut down when stdin closes (the harness keeps a pipe open; its death closes it)")
    args = ap.parse_args(argv)

    if not args.host.startswith("127.") and args.host not in ("localhost", "::1"):
        ap.error("the emulator only binds loopback addresses")

    # moto reads these settings from the environment: set them before importing it.
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "123456789012")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "emulator")

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    if args.state_dir is None:
        args.remove_state_dir = True  # our own temp dir
    state_dir = args.state_dir or tempfile.mkdtemp(prefix="replica-dns-emulator-")
    os.makedirs(state_dir, exist_ok=True)

    sys.path.insert(0, HERE)
    from werkzeug.serving import make_server

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

    from replica_dns_emulator import (elasticache, elasticache_subnet_groups, endpoint_proxy, lambda_local,
                                      route53_atomic, route53_iam, route53_zone_ids, sts_trust)
    from replica_dns_emulator.control import ControlApp
    from replica_dns_emulator.notifications import Notifier
    from replica_dns_emulator.redis_nodes import RedisNodeManager
    from replica_dns_emulator.runtime import Runtime, set_runtime

    stop_event = threading.Event()
    app = ControlApp(DomainDispatcherApplication(create_backend_app), on_shutdown=stop_event.set)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    port = server.server_port
    endpoint = f"http://{args.host}:{port}"
    os.environ["MOTO_PORT"] = str(port)

    redis_manager = RedisNodeManager(state_dir, enabled=not args.no_redis)
    runner = lambda_local.LocalLambdaRunner(endpoint, state_dir, os.path.join(HERE, "lambda-runner.mjs"),
                                            args.node, mode=args.lambda_mode, runtimes_dir=args.lambda_runtimes_dir)
    set_runtime(Runtime(endpoint=endpoint, region=args.region, state_dir=state_dir,
                        redis=redis_manager, notifier=Notifier(), lambdas=runner,
                        node_hostnames=args.node_hostnames))
    elasticache.install()
    elasticache_subnet_groups.install()
    route53_atomic.install()
    route53_iam.install()
    route53_zone_ids.install()
    sts_trust.install()
    lambda_local.install(runner)

    def on_signal(signum: int, _frame: object) -> None:
        stop_event.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.exit_on_stdin_eof:
        def watch_stdin() -> None:
            try:
                while os.read(0, 4096):  # raw fd: a buffered reader would block interpreter exit
                    pass
            except Exception:
                pass
            stop_event.set()

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()

    serve = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    serve.start()
    _say(
        f"[emulator] moto server on {endpoint} region={args.region} state={state_dir} "
        f"redis={'yes' if redis_manager.available else 'no'}"
    )
    sys.stdout.write(f"EMULATOR_READY {endpoint}\n")
    sys.stdout.flush()

    stop_event.wait()
    _say("[emulator] shutting down")
    try:
        server.shutdown()
    finally:
        runner.stop_all()
        endpoint_proxy.stop_all()
        redis_manager.stop_all()
        if args.remove_state_dir:
            import shutil

            shutil.rmtree(state_dir, ignore_errors=True)
    return 0


def _say(msg: str) -> None:
    try:  # stderr may be a pipe whose reader is gone (the harness died)
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()
    except Exception:
        pass


if __name__ == "__main__":
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)  # daemon threads (HTTP handlers, Lambda workers) must not delay the exit
