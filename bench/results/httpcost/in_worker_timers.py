"""Diagnostic app for issue 12 (not part of the service): service.wsgi's app with CPU timers.

Run gunicorn on it instead of service.wsgi:app, with ner-serve's malloc variables set:

    PYTHONPATH=bench/results/httpcost:. MALLOC_MMAP_THRESHOLD_=1048576 \
    MALLOC_TRIM_THRESHOLD_=4194304 MALLOC_ARENA_MAX=1 \
    .venv/bin/python -m gunicorn --config deploy/gunicorn.conf.py in_worker_timers:app

Each worker adds up the thread CPU time (time.thread_time) of, per request: the worker
thread's whole `handle` (gunicorn parsing, the app, writing the answer, the access log), the
WSGI app (Flask, its hooks, the view), and `TaggingService.answer`, and writes the sums to
/tmp/httpcost/acc-<pid>.json after each request. PROBE_PROFILE=1 adds cProfile per request.
"""
import json, os, threading, time
from service.wsgi import app
from service import worker as W

acc = {"handle": 0.0, "wsgi": 0.0, "answer": 0.0, "n": 0, "na": 0}
lock = threading.Lock()

def dump():
    os.makedirs("/tmp/httpcost", exist_ok=True)
    with open(f"/tmp/httpcost/acc-{os.getpid()}.json", "w") as f:
        json.dump(acc, f)

def timed(function, total, count=None, after=None):
    """function, adding its thread CPU time to acc[total] (and 1 to acc[count]) per call."""
    def wrapper(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            with lock:
                acc[total] += time.thread_time() - started
                if count:
                    acc[count] += 1
            if after:
                after()
    return wrapper

svc = app.extensions["ner"].tagging
svc.answer = timed(svc.answer, "answer", "na")
app.wsgi_app = timed(app.wsgi_app, "wsgi")
W.Worker.handle = timed(W.Worker.handle, "handle", "n", after=dump)

if os.environ.get("PROBE_PROFILE"):
    import cProfile, pstats
    profiles = []
    inner_handle = W.Worker.handle
    def profiled_handle(self, conn):
        pr = cProfile.Profile()
        pr.enable()
        try:
            return inner_handle(self, conn)
        finally:
            pr.disable()
            with lock:
                profiles.append(pr)
                if len(profiles) % 20 == 0:
                    st = pstats.Stats(profiles[0])
                    for p in profiles[1:]:
                        st.add(p)
                    st.dump_stats(f"/tmp/httpcost/prof-{os.getpid()}.pstats")
    W.Worker.handle = profiled_handle
