"""Configuration from the environment, the gunicorn config file, and the ner-serve command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import find_gunicorn_config
from service.config import Config, ConfigError, ServerConfig

REPO = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = REPO / "deploy" / "gunicorn.conf.py"


def test_defaults_need_no_environment():
    config = Config.from_env({})
    assert config == Config()
    assert config.model_dir is None and config.redis_url is None
    assert config.redis_timeout_seconds <= 0.5  # a dead Redis must cost little


def test_every_setting_is_read_from_its_variable():
    config = Config.from_env({
        "MODEL_DIR": "/models/x", "REDIS_URL": "redis://cache:6379/1", "CACHE_TTL_SECONDS": "60",
        "CACHE_MAX_BYTES": "5000", "REDIS_TIMEOUT": "0.5", "REDIS_BACKOFF_SECONDS": "2",
        "REDIS_BACKOFF_MAX_SECONDS": "20", "RESPONSE_MEMO_MAX_BYTES": "4096",
        "TOKEN_CACHE_SIZE": "300", "MAX_BODY_BYTES": "1000", "MAX_DOCUMENT_CHARS": "100", "MAX_TOKENS_PER_SENTENCE": "10",
        "MAX_CHARS_PER_TOKEN": "7", "MAX_SENTENCES_PER_BATCH": "3", "MAX_TOKENS_PER_REQUEST": "50",
        "LOG_LEVEL": "debug", "PROMETHEUS_MULTIPROC_DIR": "/tmp/m",
    })
    assert config == Config(
        model_dir="/models/x", redis_url="redis://cache:6379/1", cache_ttl_seconds=60,
        cache_max_bytes=5000, redis_timeout_seconds=0.5, redis_backoff_seconds=2,
        redis_backoff_max_seconds=20, response_memo_max_bytes=4096, token_cache_size=300,
        max_body_bytes=1000,
        max_document_chars=100, max_tokens_per_sentence=10, max_chars_per_token=7,
        max_sentences_per_batch=3, max_tokens_per_request=50, log_level="DEBUG", prometheus_multiproc_dir="/tmp/m",
    )


def test_server_settings():
    assert ServerConfig.from_env({}).workers == (os.cpu_count() or 1)
    server = ServerConfig.from_env({"HOST": "0.0.0.0", "PORT": "9000", "WORKERS": "3",
                                    "THREADS": "4", "TIMEOUT": "60", "ACCESS_LOG": "",
                                    "HEADER_TIMEOUT": "2.5", "DRAIN_SECONDS": "0"})
    assert (server.host, server.port, server.workers, server.threads) == ("0.0.0.0", 9000, 3, 4)
    assert server.timeout_seconds == 60 and server.access_log is None
    assert (server.header_timeout_seconds, server.drain_seconds) == (2.5, 0)


def test_gunicorns_access_log_is_off_unless_asked_for():
    # The app logs every request itself (service/logs.py); gunicorn's line would repeat it.
    assert ServerConfig.from_env({}).access_log is None
    assert ServerConfig.from_env({"ACCESS_LOG": " "}).access_log is None
    assert ServerConfig.from_env({"ACCESS_LOG": "-"}).access_log == "-"
    assert ServerConfig.from_env({"ACCESS_LOG": "/var/log/ner/access.log"}).access_log == \
        "/var/log/ner/access.log"


def test_a_drain_must_end_before_gunicorn_kills_the_workers():
    with pytest.raises(ConfigError, match="DRAIN_SECONDS"):
        ServerConfig.from_env({"DRAIN_SECONDS": "20", "GRACEFUL_TIMEOUT": "20"})
    # After the drain a stop still accepts, for a second, connections already being made.
    with pytest.raises(ConfigError, match="DRAIN_SECONDS"):
        ServerConfig.from_env({"DRAIN_SECONDS": "19.5", "GRACEFUL_TIMEOUT": "20"})
    assert ServerConfig.from_env({"DRAIN_SECONDS": "18.5",
                                  "GRACEFUL_TIMEOUT": "20"}).drain_seconds == 18.5
    # No drain, no second: a stop then lets no connection in at once.
    assert ServerConfig.from_env({"DRAIN_SECONDS": "0",
                                  "GRACEFUL_TIMEOUT": "1"}).drain_seconds == 0


@pytest.mark.parametrize("name, value", [
    ("CACHE_TTL_SECONDS", "soon"), ("CACHE_TTL_SECONDS", "0"), ("MAX_BODY_BYTES", "-1"),
    ("REDIS_TIMEOUT", "fast"), ("LOG_LEVEL", "LOUD"), ("RESPONSE_MEMO_MAX_BYTES", "-1"),
    ("RESPONSE_MEMO_MAX_BYTES", "8M"), ("TOKEN_CACHE_SIZE", "-1"),
])
def test_a_bad_value_is_refused_by_name(name, value):
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})


def test_a_zero_memo_size_turns_the_memo_off():
    assert Config.from_env({"RESPONSE_MEMO_MAX_BYTES": "0"}).response_memo_max_bytes == 0


def test_workers_are_pinned_when_asked_or_when_they_match_the_cpus():
    def pinned(setting, workers, allowed):
        server = ServerConfig.from_env({"PIN_WORKERS": setting, "WORKERS": str(workers)})
        return server.pinned_cpus(allowed)

    assert pinned("auto", 2, {2, 5}) == [2, 5]         # the CPUs are the service's own
    assert pinned("auto", 2, set(range(64))) == []     # a share of a bigger machine
    assert pinned("AUTO", 4, {0, 1}) == []
    assert pinned("on", 4, {0, 1}) == [0, 1]           # asked: workers take turns
    assert pinned("off", 2, {0, 1}) == []


@pytest.mark.parametrize("name, value", [("PORT", "http"), ("PORT", "70000"), ("WORKERS", "0"),
                                         ("HEADER_TIMEOUT", "0"), ("DRAIN_SECONDS", "-1"),
                                         ("PIN_WORKERS", "yes")])
def test_a_bad_server_value_is_refused_by_name(name, value):
    with pytest.raises(ConfigError, match=name):
        ServerConfig.from_env({name: value})


def gunicorn_settings(**environment) -> dict:
    """Load deploy/gunicorn.conf.py in a fresh interpreter, as gunicorn does."""
    script = (
        "import json, os, runpy, sys\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        "names = ['bind', 'workers', 'threads', 'worker_class', 'timeout', 'graceful_timeout',\n"
        "         'keepalive', 'reuse_port', 'preload_app', 'accesslog', 'errorlog',\n"
        "         'logger_class']\n"
        "out = {name: ns[name] for name in names}\n"
        "out['env'] = {v: os.environ.get(v) for v in ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS',\n"
        "              'MKL_NUM_THREADS', 'PROMETHEUS_MULTIPROC_DIR']}\n"
        "out['numpy_imported'] = 'numpy' in sys.modules\n"
        "out['hooks'] = [h for h in ['on_starting', 'on_reload', 'when_ready', 'child_exit',\n"
        "                            'on_exit']\n"
        "                if callable(ns.get(h))]\n"
        "import gc\n"
        "frozen_before = gc.get_freeze_count()\n"
        "ns['when_ready'](None)\n"
        "out['frozen'] = gc.get_freeze_count() - frozen_before\n"
        "ns['on_exit'](None)\n"
        "print(json.dumps(out))\n"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                        "PROMETHEUS_MULTIPROC_DIR", "WORKERS", "THREADS", "HOST", "PORT",
                        "ACCESS_LOG"}}
    env.update(environment)
    result = subprocess.run([sys.executable, "-c", script, str(GUNICORN_CONFIG)], env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_gunicorn_config_defaults():
    settings = gunicorn_settings()
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["workers"] == (os.cpu_count() or 1)
    assert settings["worker_class"] == "service.worker.Worker" and settings["threads"] >= 1
    assert settings["reuse_port"] is False  # one listening socket, shared by the workers
    assert settings["preload_app"] is True
    assert settings["graceful_timeout"] > 0 and settings["keepalive"] > 0
    assert settings["accesslog"] is None  # the app's request line is each request's one line
    assert settings["logger_class"] == "service.logs.JsonGunicornLogger"
    # One BLAS thread per worker, set before anything imported numpy.
    assert {settings["env"][v] for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                         "MKL_NUM_THREADS")} == {"1"}
    assert settings["numpy_imported"] is False
    assert settings["env"]["PROMETHEUS_MULTIPROC_DIR"]
    assert not Path(settings["env"]["PROMETHEUS_MULTIPROC_DIR"]).exists()  # on_exit cleaned up
    assert settings["hooks"] == ["on_starting", "on_reload", "when_ready", "child_exit", "on_exit"]
    assert settings["frozen"] > 0  # what the master loaded is out of the collector's way


def test_gunicorn_config_from_environment(tmp_path):
    settings = gunicorn_settings(HOST="0.0.0.0", PORT="9123", WORKERS="3", THREADS="5",
                                 OMP_NUM_THREADS="2", PROMETHEUS_MULTIPROC_DIR=str(tmp_path),
                                 ACCESS_LOG="-")
    assert settings["bind"] == "0.0.0.0:9123"
    assert settings["accesslog"] == "-"
    assert (settings["workers"], settings["threads"]) == (3, 5)
    assert settings["env"]["OMP_NUM_THREADS"] == "2"  # an operator's choice is kept
    assert settings["env"]["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path)
    assert tmp_path.exists()  # an operator's directory is not removed


def test_ner_serve_is_installed_and_finds_its_config():
    assert find_gunicorn_config() == GUNICORN_CONFIG
    ner_serve = Path(sys.executable).parent / "ner-serve"
    result = subprocess.run([str(ner_serve), "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "--host" in result.stdout and "--port" in result.stdout
