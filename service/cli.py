"""``ner-serve``: run the service under gunicorn with deploy/gunicorn.conf.py."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CONFIG_IN_REPO = Path("deploy") / "gunicorn.conf.py"
# Where the config is looked for, first found wins: beside the package in the checkout
# (`pip install -e .`, how the project runs), then under the working directory (the
# container image installs the package and copies deploy/ into its WORKDIR).
CONFIG_CANDIDATES = (
    Path(__file__).resolve().parent.parent / CONFIG_IN_REPO,
    Path.cwd() / CONFIG_IN_REPO,
)


def find_gunicorn_config() -> Path | None:
    return next((path for path in CONFIG_CANDIDATES if path.is_file()), None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="ner-serve",
        description="Serve the NER HTTP API under gunicorn with deploy/gunicorn.conf.py "
                    "(all other settings come from the environment; see the README).",
    )
    parser.add_argument("--host", help="address to listen on (default: $HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default: $PORT or 8000)")
    args = parser.parse_args(argv)

    config_path = find_gunicorn_config()
    if config_path is None:
        parser.error("gunicorn config not found at "
                     + " or ".join(str(path) for path in CONFIG_CANDIDATES))
    # The flags become the environment the config reads: one way to set the address.
    if args.host is not None:
        os.environ["HOST"] = args.host
    if args.port is not None:
        os.environ["PORT"] = str(args.port)
    command = [sys.executable, "-m", "gunicorn", "--config", str(config_path), "service.wsgi:app"]
    # exec, not a child process: gunicorn itself receives the container runtime's
    # SIGTERM and shuts down gracefully.
    os.execv(command[0], command)
