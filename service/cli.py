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
    # glibc raises its threshold for giving large blocks their own mapping each time one is
    # freed, so the model's arrays of a big request came to stay in the heap once freed:
    # a fixed threshold returns them to the system. Fixed at 1 MiB, not lower, and with the
    # heap's top kept up to 4 MiB: a document's arrays (each under 1 MiB in the model's
    # slices) are then taken from the heap again, not mapped and faulted in afresh on every
    # request, which had cost about a tenth of a document's CPU (docs/performance.md,
    # *Memory*). Read by glibc when gunicorn starts, hence set here.
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(1024 * 1024))
    os.environ.setdefault("MALLOC_TRIM_THRESHOLD_", str(4 * 1024 * 1024))
    # And one heap for all of a worker's threads: glibc gives each thread an arena of its
    # own, each keeping what it freed, so two threads that had each served a big document
    # kept the memory of two (docs/performance.md, *Memory*). The threads take turns at
    # the GIL anyway, so one arena costs them nothing.
    os.environ.setdefault("MALLOC_ARENA_MAX", "1")
    command = [sys.executable, "-m", "gunicorn", "--config", str(config_path), "service.wsgi:app"]
    # exec, not a child process: gunicorn itself receives the container runtime's
    # SIGTERM and shuts down gracefully.
    os.execv(command[0], command)
