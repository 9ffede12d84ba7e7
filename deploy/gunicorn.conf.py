"""Gunicorn settings for the NER service (`ner-serve` runs gunicorn with this file).

Every value comes from the environment through service.config.ServerConfig;
the README's configuration table lists the variables.
"""

import gc
import logging
import os
import shutil
import tempfile

from gunicorn.workers import gthread

# One BLAS thread per process, set before numpy is first imported: with a worker
# per core, BLAS threads of their own would only fight over the same cores.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Several worker processes share their metrics through files in this directory
# (prometheus_client's multiprocess mode); it must be set before prometheus_client
# is imported. An operator's directory is kept; one we make is removed on exit.
_made_metrics_dir = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _made_metrics_dir = tempfile.mkdtemp(prefix="ner-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_metrics_dir

from service.config import ServerConfig  # noqa: E402  (after the environment is set)

_server = ServerConfig.from_env()

# A gthread worker gives each new connection one of its THREADS threads, which waits this long
# for the first request before handing the connection to its poller (a request that comes
# later is still served, from there). gunicorn's 5 s let a few clients that open connections
# ahead of their requests hold every thread of a worker, and kept a stopping worker waiting
# for them (`docker compose down` with such clients: bench/results/container.md).
gthread.DEFAULT_WORKER_DATA_TIMEOUT = 1.0


class StoppingThreadWorker(gthread.ThreadWorker):
    """gunicorn's gthread worker, except that a stopping worker closes the connections still
    waiting for their first request as soon as its kept-alive ones (after a short linger),
    instead of waiting out their whole keep-alive timeout."""

    def _cap_keepalive(self, deadline):
        super()._cap_keepalive(deadline)
        for conn in self.pending_conns:  # sorted by timeout: one cap for all keeps the order
            conn.timeout = min(conn.timeout, deadline)


bind = f"{_server.host}:{_server.port}"
workers = _server.workers
# gthread: a few threads per worker process overlap I/O (keep-alive connections,
# Redis) while the processes, not the threads, give CPU parallelism to the
# numpy model.
worker_class = StoppingThreadWorker if _server.worker_class == "gthread" else _server.worker_class
threads = _server.threads
timeout = _server.timeout_seconds
graceful_timeout = _server.graceful_timeout_seconds
keepalive = _server.keepalive_seconds
# Each worker listens on its own SO_REUSEPORT socket, so the kernel spreads kept-alive
# connections over the workers. Measured (bench/http.py): with one shared socket a single
# worker often took every connection and the other core idled.
reuse_port = True
max_requests = _server.max_requests
max_requests_jitter = max(_server.max_requests // 10, 0)

# Each worker on a CPU of its own (PIN_WORKERS): its caches stay warm, and the kernel can
# never run two busy workers on one core while another idles. Measured (bench/http.py,
# 2 cores, c=8): /healthz and /tag 8-15% more requests a second, and p99 latency cut by a
# quarter to a half.
# (Linux only: elsewhere there is no sched_setaffinity, and workers are never pinned.)
_pinned_cpus = _server.pinned_cpus(
    os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set())


def when_ready(server):
    # After the preload, before the first fork: the model, vocabulary and framework, some
    # 55,000 objects, go to a generation the collector never walks. A full collection in a
    # worker then stops skipping 10-16 ms over them, and by never touching their headers it
    # leaves their pages shared with the master (measured: 81 -> 72 MiB PSS a worker).
    gc.freeze()


def pre_fork(server, worker):
    # In the master, which knows every live worker's CPU: the least used CPU.
    if _pinned_cpus:
        used = [getattr(other, "cpu", None) for other in server.WORKERS.values()]
        worker.cpu = min(_pinned_cpus, key=used.count)


def post_fork(server, worker):
    if _pinned_cpus:
        os.sched_setaffinity(0, {worker.cpu})
        server.log.info("Worker %s pinned to CPU %s", worker.pid, worker.cpu)


# Worker heartbeats go to memory, not to a disk that may stall (Docker's /tmp is overlayfs).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Load the model once in the master; forked workers share its memory.
preload_app = True

# Gunicorn 24+ opens a control socket in the home directory; nothing uses it,
# and several servers on one machine (tests, benchmarks) would fight over it.
control_socket_disable = True

loglevel = _server.log_level.lower()
errorlog = "-"
accesslog = _server.access_log
logger_class = "service.logs.JsonGunicornLogger"


class _ListeningAddress(logging.Filter):
    """Fills in the address of gunicorn's "Listening at:" line.

    With reuse_port the master binds no socket (each worker binds its own), so the line names
    none; the address every worker binds is `bind`."""

    def filter(self, record):
        if record.msg == "Listening at: %s (%s)" and record.args and not record.args[0]:
            record.args = (f"http://{bind}", *record.args[1:])
        return True


def on_starting(server):
    server.log.error_log.addFilter(_ListeningAddress())
    # Samples left by an earlier run would be added to this run's counters.
    metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    for name in os.listdir(metrics_dir):
        if name.endswith(".db"):
            os.remove(os.path.join(metrics_dir, name))


def child_exit(server, worker):
    # A dead worker's live gauges go; its counters stay in the totals.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_metrics_dir:
        shutil.rmtree(_made_metrics_dir, ignore_errors=True)
