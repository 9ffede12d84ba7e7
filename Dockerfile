# Container image of the NER service: the package, its dependencies and the bundled model
# (model/default, package data), served by gunicorn with deploy/gunicorn.conf.py.
#
#   docker build -t ner-service .
#   docker run --rm -p 8000:8000 ner-service
#
# The base image is pinned to a patch release so that a rebuild gives the same Python; bump it
# deliberately (and pin by digest as well if your registry policy asks for it). A registry
# mirror of your own: docker build --build-arg PYTHON_BASE_IMAGE=mirror.example/python:... .
ARG PYTHON_BASE_IMAGE=python:3.11.14-slim-bookworm

# --- builder: install the locked dependencies and the package into a virtual environment ------
FROM ${PYTHON_BASE_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
RUN python -m venv /opt/venv

# The dependencies first, exactly as requirements.lock pins them (versions and hashes, made by
# `make lock` from pyproject.toml). A layer of their own: it is rebuilt when the lock changes,
# not on every change to our code.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-deps --require-hashes -r requirements.lock

# Then our package alone (regular, not editable: the runtime stage gets the venv and nothing of
# /src), from what it is built from: pyproject.toml (README.md is its long description) and the
# two packages; the bundled model comes along as package data of `model`. `pip check` fails the
# build if the lock no longer satisfies pyproject.toml.
COPY pyproject.toml README.md ./
COPY model/ model/
COPY service/ service/
RUN /opt/venv/bin/pip install --no-deps . \
    && /opt/venv/bin/pip check

# What the service never loads at run time leaves before the venv is copied: the installers
# (nothing is installed in a running container), numpy's test suite, its C headers and its
# Fortran wrapper generator f2py (build tools for extension modules), and type stubs.
RUN /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools \
    && rm -rf /opt/venv/include /opt/venv/bin/f2py /opt/venv/bin/numpy-config \
        /opt/venv/lib/python3*/site-packages/numpy/f2py \
        /opt/venv/lib/python3*/site-packages/numpy/_core/include \
    && find /opt/venv/lib/python3*/site-packages/numpy -depth -type d -name tests \
        -exec rm -rf {} + \
    && find /opt/venv/lib/python3*/site-packages -name '*.pyi' -delete

# --- runtime: the venv, the gunicorn config and an unprivileged user ---------------------------
FROM ${PYTHON_BASE_IMAGE} AS runtime

# OMP/BLAS threads = 1: each gunicorn worker is one process doing small matrix products;
# letting numpy's BLAS start a thread pool per worker only oversubscribes the CPUs.
# HOST and PORT are the service's own settings (service/config.py): every interface of the
# container, port 8000. Nothing below writes the port down again (EXPOSE only documents the
# default), so `docker run -e PORT=...` moves both the listener and the HEALTHCHECK.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    PATH=/opt/venv/bin:$PATH

# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify the user without a name lookup.
# A regular (not --system) account: --system would warn that 10001 is outside the system uid
# range. --no-log-init: no lastlog/faillog entries, which for a high uid are large sparse files.
RUN groupadd --gid 10001 ner \
    && useradd --uid 10001 --gid ner --no-log-init --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin ner

COPY --from=builder /opt/venv /opt/venv

# /app mirrors the repository layout for the one file the service reads from outside its
# packages: deploy/gunicorn.conf.py.
WORKDIR /app
COPY deploy/gunicorn.conf.py deploy/gunicorn.conf.py

USER 10001:10001
EXPOSE 8000

# No curl in the slim image: ask /healthz with the Python that is there anyway, on $PORT.
# Docker runs the first check one interval after the start, so a short interval is what lets
# the container report healthy soon after it is ready (--start-interval would do it with a
# longer one, but Docker engines before 25 refuse the flag); a check costs one Python start-up.
HEALTHCHECK --interval=3s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/healthz', timeout=2)"]

CMD ["ner-serve"]
