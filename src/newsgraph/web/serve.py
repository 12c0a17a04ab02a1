"""`newsgraph serve`: the web interface and HTTP API on uvicorn."""

from __future__ import annotations

import argparse
import errno
import os
import socket
from collections.abc import Callable
from dataclasses import fields, replace
from typing import TYPE_CHECKING

from newsgraph.config import Settings
from newsgraph.errors import PortInUse, UsageError

if TYPE_CHECKING:
    from fastapi import FastAPI

ENV_DB = "NEWSGRAPH_SERVE_DB"
ENV_ALLOW_PRIVATE = "NEWSGRAPH_SERVE_ALLOW_PRIVATE"


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                      settings_options: Callable[[argparse.ArgumentParser], None]) -> None:
    serve = commands.add_parser("serve", help="the web interface and the HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--token", help="allow POST /api/ingest with `Authorization: Bearer TOKEN` "
                                       "(default: $NEWSGRAPH_TOKEN; without one the server is read-only)")
    serve.add_argument("--allow-private", action="store_true",
                       help="let ingest fetch private, loopback and link-local addresses (refused by default)")
    serve.add_argument("--processes", type=int, default=1,
                       help="server processes (default 1); each opens its own connections to the store")
    serve.add_argument("--timeout-keep-alive", type=int, default=5, help="seconds an idle connection is kept")
    serve.add_argument("--rate-limit", type=int, help=Settings.help()["rate_limit"] + " (per server process)")
    serve.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    settings_options(serve)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from newsgraph.store import default_db_url, open_store

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a TCP port: use 1-65535")
    if args.processes < 1:
        raise UsageError(f"--processes {args.processes}: use 1 or more server processes")
    if args.rate_limit is not None:
        settings = replace(settings, rate_limit=max(0, args.rate_limit))
    token = args.token or os.environ.get("NEWSGRAPH_TOKEN") or None
    url = args.db or default_db_url()
    # a bad --db fails here, with its message, not in every worker; read-only, a missing SQLite file is not created
    open_store(url, create=bool(token)).close()
    check_port(args.host, args.port)
    # Every worker process builds its app from the environment (uvicorn imports the factory by name).
    os.environ.update({ENV_DB: url, ENV_ALLOW_PRIVATE: "1" if args.allow_private else ""})
    os.environ.update({f"NEWSGRAPH_{f.name.upper()}": str(getattr(settings, f.name)) for f in fields(settings)})
    if token:
        os.environ["NEWSGRAPH_TOKEN"] = token
    print(f"newsgraph: serving {url} at http://{args.host}:{args.port} "
          f"({'ingest enabled with a token' if token else 'read-only'}); Ctrl-C stops", flush=True)
    uvicorn.run("newsgraph.web.serve:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.processes, log_level=args.log_level, timeout_keep_alive=args.timeout_keep_alive,
                limit_concurrency=500, server_header=False)
    return 0


def check_port(host: str, port: int) -> None:
    """Bind the address as uvicorn will, and let go: a port already in use is said before "serving" is printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(f"port {port} on {host} is already in use (another newsgraph serve or another "
                                f"program listens there): stop it, or pick another port with --port, "
                                f"e.g. --port {port + 1 if port < 65535 else 8001}") from error
            raise UsageError(f"cannot listen on {host}:{port} ({error.strerror or error}): check --host (an address "
                             "of this machine) and --port (ports below 1024 need privileges)") from error


def app_from_env() -> FastAPI:
    """The app `run_serve` configured through the environment (one per uvicorn worker process)."""
    from newsgraph.web.app import create_app

    return create_app(os.environ[ENV_DB], Settings.from_env(), token=os.environ.get("NEWSGRAPH_TOKEN") or None,
                      allow_private=bool(os.environ.get(ENV_ALLOW_PRIVATE)))
