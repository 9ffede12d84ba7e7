"""Gunicorn settings for the NER service (`ner-serve` runs gunicorn with this file).

Every value comes from the environment through service.config.ServerConfig;
the README's configuration table lists the variables.
"""

import gc
import os
import shutil
import tempfile

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

bind = f"{_server.host}:{_server.port}"
workers = _server.workers
# gthread with a change: a request reaches one of a worker's few threads only once its head
# has arrived, so slow and idle clients cost no thread (service/worker.py). The threads
# overlap I/O (Redis, sending answers) while the processes, not the threads, give CPU
# parallelism to the numpy model.
worker_class = "service.worker.Worker"
threads = _server.threads
timeout = _server.timeout_seconds
graceful_timeout = _server.graceful_timeout_seconds
keepalive = _server.keepalive_seconds
# One listening socket, shared by the workers (no reuse_port): a connection waits in its
# queue until some worker that is running takes it. With a socket per worker the kernel
# handed connections to a worker that was exiting (SIGHUP, SIGTERM: they were reset) or
# frozen (they waited for it); see docs/performance.md.
reuse_port = False
max_requests = _server.max_requests
max_requests_jitter = max(_server.max_requests // 10, 0)

# Each worker on a CPU of its own (PIN_WORKERS): its caches stay warm, and the kernel can
# never run two busy workers on one core while another idles (what it gained:
# docs/performance.md, *Server set-up*).
# (Linux only: elsewhere there is no sched_setaffinity, and workers are never pinned.)
_pinned_cpus = _server.pinned_cpus(
    os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set())


def when_ready(server):
    # After the preload, before the first fork: the model, vocabulary and framework go to a
    # generation the collector never walks. A full collection in a worker then no longer
    # spends milliseconds walking them, and by never touching their headers it leaves their
    # pages shared with the master (docs/performance.md, *Server set-up*).
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
# Off unless ACCESS_LOG is set: the app's request line (service/logs.py) already logs each request.
accesslog = _server.access_log
logger_class = "service.logs.JsonGunicornLogger"


def on_starting(server):
    # Samples left by an earlier run would be added to this run's counters.
    metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    for name in os.listdir(metrics_dir):
        if name.endswith(".db"):
            os.remove(os.path.join(metrics_dir, name))

    # A graceful stop (SIGTERM) drains: the workers see the flag and /readyz answers 503
    # (service/lifecycle.py). gunicorn has no hook at the start of a stop, so the master's
    # own stop is wrapped; a quick stop (SIGINT, SIGQUIT) does not drain.
    from service.lifecycle import server_stopping

    stop = server.stop

    def stop_draining(graceful=True):
        if graceful:
            server_stopping.set()
        stop(graceful)

    server.stop = stop_draining


def on_reload(server):
    # SIGHUP: gunicorn reads this file again, then forks new workers from the app it
    # preloaded at start. Build the app again first, so a new model at MODEL_DIR (or any
    # other setting of the app) is what the new workers serve; on failure they keep the
    # old one. The old app's objects were frozen (when_ready): unfreeze them so the
    # collector can free them, and freeze the new ones.
    from service import create_app

    gc.unfreeze()
    try:
        server.app.callable = create_app()
    except Exception:
        server.log.exception("Reload: the app failed to load; new workers serve the old one")
    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    # A dead worker's live gauges go; its counters stay in the totals.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_metrics_dir:
        shutil.rmtree(_made_metrics_dir, ignore_errors=True)
