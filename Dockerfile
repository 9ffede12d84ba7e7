# Container image of the NER service: the package, its dependencies and the bundled model
# (model/default, package data), served by gunicorn with deploy/gunicorn.conf.py.
#
#   docker build -t ner-service .
#   docker run --rm -p 8000:8000 ner-service
#
# The base image is pinned to a patch release so that a rebuild gives the same Python; bump it
# deliberately (and pin by digest as well if your registry policy asks for it).

# --- builder: install the package and its dependencies into a virtual environment -------------
FROM python:3.11.14-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Only what the package is built from: pyproject.toml (README.md is its long description) and
# the two packages. The bundled model comes along as package data of `model`.
COPY pyproject.toml README.md ./
COPY model/ model/
COPY service/ service/
# A regular (non-editable) install: the runtime stage gets the venv and nothing of /src.
RUN pip install --no-cache-dir .

# --- runtime: the venv, the gunicorn config and an unprivileged user ---------------------------
FROM python:3.11.14-slim-bookworm AS runtime

# OMP/BLAS threads = 1: each gunicorn worker is one process doing small matrix products;
# letting numpy's BLAS start a thread pool per worker only oversubscribes the CPUs.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    PATH=/opt/venv/bin:$PATH

# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify the user without a name lookup.
RUN groupadd --system --gid 10001 ner \
    && useradd --system --uid 10001 --gid ner --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin ner

COPY --from=builder /opt/venv /opt/venv

# /app mirrors the repository layout for the one file the service reads from outside its
# packages: deploy/gunicorn.conf.py.
WORKDIR /app
COPY deploy/gunicorn.conf.py deploy/gunicorn.conf.py

USER 10001:10001
EXPOSE 8000

# No curl in the slim image: ask /healthz with the Python that is there anyway.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]

CMD ["ner-serve", "--host", "0.0.0.0", "--port", "8000"]
