"""Checks of the deployment files (Dockerfile, docker-compose.yml, deploy/k8s/).

There is no Docker engine and no Kubernetes cluster where these tests run, so they check what
can be checked without one:

- the Dockerfile with hadolint, plus the properties the README promises (pinned slim base,
  non-root user, port, health check, start command);
- docker-compose.yml against the Compose Specification's JSON schema (the copy that
  check-jsonschema ships), plus what a schema cannot say (Redis healthy before the API starts,
  LRU eviction, the published port);
- the manifests listed in deploy/k8s/kustomization.yaml against the Kubernetes API schemas that
  kubernetes-validate ships, in strict mode, plus how the pieces refer to each other;
- every YAML file with yamllint;
- and the container's start command itself: the package installed the way the image installs
  it, the Dockerfile's CMD and ENV with compose's environment, run for real against a real
  Redis, answering POST /tag.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from dockerfile_parse import DockerfileParser

from service.config import Config, ServerConfig

# Runs hadolint, schema validators and the container's start command: left out of
# `make test-fast`.
pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "Dockerfile"
COMPOSE_FILE = REPO / "docker-compose.yml"
K8S_DIR = REPO / "deploy" / "k8s"
# The tools come with the `test` extra and live next to the Python running the tests.
VENV_BIN = Path(sys.executable).parent

PORT = 8000
# The address comes from the image's HOST and PORT, so that `-e PORT=...` moves it.
START_COMMAND = ["ner-serve"]
# Environment variables read by the Python runtime or numpy's thread pools, not by our code.
RUNTIME_VARIABLES = {
    "PATH",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
}
# Settings the deployment files set on purpose to something else than the service's default.
DELIBERATE_OVERRIDES = {
    # The service alone uses an in-process cache; deployed, the replicas share one Redis.
    "REDIS_URL",
    # The service defaults to one worker per visible CPU, which in a container is every CPU
    # of the host; deployed, the worker count is fixed and scaling is done with replicas.
    "WORKERS",
}
# The newest Kubernetes the validator knows, and an older release still common on managed
# clusters: the manifests must be valid on both.
KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"]

# Time limits below only keep a broken server from hanging the suite; they are not checks
# of speed.
STARTUP_LIMIT_SECONDS = 120
SHUTDOWN_LIMIT_SECONDS = 60


def tool(name: str) -> str:
    path = VENV_BIN / name
    assert path.exists(), f"{name} is missing: install the test extra (pip install -e '.[test]')"
    return str(path)


def run_tool(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=300)


# --- Dockerfile --------------------------------------------------------------------------------


def dockerfile_stages() -> list[list[dict]]:
    """The Dockerfile's instructions, one list per build stage (comments dropped)."""
    parser = DockerfileParser(path=str(DOCKERFILE), env_replace=False)
    stages: list[list[dict]] = []
    for instruction in parser.structure:
        if instruction["instruction"] == "FROM":
            stages.append([])
        if stages and instruction["instruction"] != "COMMENT":  # ARGs before the first FROM
            stages[-1].append(instruction)
    return stages


def instructions(stage: list[dict], name: str) -> list[str]:
    return [item["value"] for item in stage if item["instruction"] == name]


def dockerfile_env() -> dict[str, str]:
    """ENV of the image that runs (the last stage), values as written (`$PATH` unexpanded)."""
    return DockerfileParser(path=str(DOCKERFILE), env_replace=False).envs


def dockerfile_cmd() -> list[str]:
    return json.loads(DockerfileParser(path=str(DOCKERFILE)).cmd)


def test_dockerfile_passes_hadolint():
    # `style` is hadolint's lowest level: any finding at all fails.
    result = run_tool(tool("hadolint"), "--no-color", "--failure-threshold", "style", "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_builds_a_small_non_root_image_that_starts_the_service():
    stages = dockerfile_stages()
    assert len(stages) >= 2, "multi-stage: build in one stage, copy the venv into a clean one"
    # One base image for both stages, an ARG whose default is the official image; a registry
    # mirror's passes --build-arg PYTHON_BASE_IMAGE=... without editing this file.
    base = re.search(r"^ARG PYTHON_BASE_IMAGE=(\S+)$", DOCKERFILE.read_text(), re.MULTILINE)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", base[1]), "unpinned or fat"
    for stage in stages:
        assert stage[0]["value"].split()[0] == "${PYTHON_BASE_IMAGE}"

    runtime = stages[-1]
    assert any("--from=" in copy for copy in instructions(runtime, "COPY"))
    assert not any(item.startswith("pip ") for item in instructions(runtime, "RUN")), (
        "install in the builder stage; the runtime stage only copies the venv"
    )
    [user] = instructions(runtime, "USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "a numeric non-root uid lets runAsNonRoot verify it"
    assert instructions(runtime, "EXPOSE") == [str(PORT)]
    [healthcheck] = instructions(runtime, "HEALTHCHECK")
    assert "127.0.0.1:' + os.environ['PORT'] + '/healthz" in healthcheck
    assert "--timeout=" in healthcheck
    assert dockerfile_cmd() == START_COMMAND
    env = dockerfile_env()
    assert (env.get("HOST"), env.get("PORT")) == ("0.0.0.0", str(PORT))
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "OMP_NUM_THREADS"):
        assert env.get(name) == "1", name
    assert any(
        "deploy/gunicorn.conf.py" in copy for copy in instructions(runtime, "COPY")
    ), "the image needs deploy/gunicorn.conf.py, which is outside the packages"


def test_dockerignore_keeps_history_environments_and_tests_out():
    patterns = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".git", ".venv", "tests", "**/__pycache__", ".pytest_cache", "runs", "bench"):
        assert required in patterns, required
    # The build needs these; ignoring them would break `pip install .` in the image.
    for needed in ("pyproject.toml", "README.md", "model", "service", "deploy"):
        assert needed not in patterns, needed


# --- docker-compose.yml ------------------------------------------------------------------------

INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z][A-Z0-9_]*):-(?P<default>[^}]*)\}")


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def with_defaults(value) -> str:
    """A compose value with every `${NAME:-default}` replaced by its default."""
    text = str(value)
    resolved = INTERPOLATION.sub(lambda match: match["default"], text)
    assert "$" not in resolved, f"only ${{NAME:-default}} interpolation is used here: {text}"
    return resolved


def compose_api_environment() -> dict[str, str]:
    environment = compose()["services"]["api"]["environment"]
    assert isinstance(environment, dict), "write environment as a mapping"
    return {name: with_defaults(value) for name, value in environment.items()}


def test_compose_file_matches_the_compose_specification():
    result = run_tool(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.compose-spec",
        str(COMPOSE_FILE),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_starts_the_api_after_a_healthy_bounded_redis():
    services = compose()["services"]
    api, redis = services["api"], services["redis"]

    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert redis["healthcheck"]["test"], "depends_on service_healthy needs Redis' healthcheck"
    assert re.fullmatch(r"redis:\d+\.\d+\.\d+(-\w+)?", with_defaults(redis["image"])), (
        "official, pinned"
    )

    redis_command = [str(part) for part in redis["command"]]
    assert redis_command[0] == "redis-server"
    options = dict(zip(redis_command[1::2], redis_command[2::2]))
    assert options.get("--maxmemory-policy") == "allkeys-lru"
    assert options.get("--maxmemory"), "an LRU policy only acts under a memory limit"
    assert redis["deploy"]["resources"]["limits"]["memory"]

    assert f"{PORT}:{PORT}" in [with_defaults(port) for port in api["ports"]]
    assert compose_api_environment()["REDIS_URL"] == "redis://redis:6379/0"
    for service in (api, redis):
        assert service["restart"] in ("always", "unless-stopped", "on-failure")


def test_compose_runs_the_image_command_built_from_this_dockerfile():
    api = compose()["services"]["api"]
    assert api["build"]["context"] == ".", "the API image is built from the Dockerfile at the root"
    assert with_defaults(api["build"]["args"]["PYTHON_BASE_IMAGE"]) == re.search(
        r"^ARG PYTHON_BASE_IMAGE=(\S+)$", DOCKERFILE.read_text(), re.MULTILINE)[1]
    assert "command" not in api and "entrypoint" not in api, (
        "compose must run the image's CMD, so that one command is the one that is tested"
    )


# --- Settings passed by the deployment files ---------------------------------------------------


def configmap_data() -> dict[str, str]:
    [configmap] = [doc for doc in kustomize_build() if doc["kind"] == "ConfigMap"]
    return configmap["data"]


@pytest.mark.parametrize(
    "source, settings",
    [
        ("docker-compose.yml", lambda: compose_api_environment()),
        ("deploy/k8s/configmap.yaml", lambda: configmap_data()),
        ("Dockerfile", lambda: dockerfile_env()),
    ],
)
def test_deployment_settings_are_ones_the_service_reads(source, settings):
    readers = "".join(
        (REPO / path).read_text()
        for path in ("service/config.py", "service/cli.py", "deploy/gunicorn.conf.py")
    )
    unknown = [
        name
        for name in settings()
        if name not in RUNTIME_VARIABLES and f'"{name}"' not in readers
    ]
    assert not unknown, f"{source} sets variables nothing reads: {unknown}"


@pytest.mark.parametrize(
    "source, settings",
    [
        ("docker-compose.yml", lambda: compose_api_environment()),
        ("deploy/k8s/configmap.yaml", lambda: configmap_data()),
    ],
)
def test_deployment_defaults_are_the_service_defaults(source, settings):
    # Passing a setting explicitly must not change the service's behaviour by accident:
    # reading the passed value must give the same configuration as not passing it.
    for name, value in settings().items():
        if name in DELIBERATE_OVERRIDES:
            continue
        for config_class in (Config, ServerConfig):
            assert config_class.from_env({name: value}) == config_class.from_env({}), (
                f"{source}: {name}={value} differs from the service default"
            )


# --- Kubernetes manifests ----------------------------------------------------------------------


def kustomize_build() -> list[dict]:
    """What `kubectl kustomize deploy/k8s` renders for a kustomization that only lists files.

    There is no kustomize here; the kustomization is kept to `resources:` so that rendering
    is concatenating the listed files, and this refuses anything else rather than misrender.
    """
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    assert kustomization["kind"] == "Kustomization"
    unsupported = set(kustomization) - {"apiVersion", "kind", "resources"}
    assert not unsupported, f"teach kustomize_build {unsupported} before using it"
    documents = []
    for resource in kustomization["resources"]:
        path = K8S_DIR / resource
        assert path.is_file(), f"{resource}: only plain files are rendered here"
        documents += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return documents


def the(kind: str, name: str | None = None) -> dict:
    matches = [
        doc
        for doc in kustomize_build()
        if doc["kind"] == kind and name in (None, doc["metadata"]["name"])
    ]
    assert len(matches) == 1, f"expected one {kind} {name or ''}, found {len(matches)}"
    return matches[0]


def api_deployment() -> dict:
    return the("Deployment", "ner-service")


def api_container() -> dict:
    [container] = api_deployment()["spec"]["template"]["spec"]["containers"]
    return container


def selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def test_every_manifest_file_is_in_the_kustomization():
    listed = set(yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())["resources"])
    on_disk = {path.name for path in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_manifests_match_the_kubernetes_api_schemas(version):
    documents = kustomize_build()
    kinds = {doc["kind"] for doc in documents}
    expected = {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"}
    assert expected | {"ConfigMap"} <= kinds
    for document in documents:
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            name = f"{document['kind']}/{document['metadata']['name']}"
            pytest.fail(f"{name}: {'.'.join(map(str, error.path))}: {error.message}")


def test_strict_schema_validation_rejects_a_misspelt_field():
    # Guards the check above: strict mode must reject fields Kubernetes does not know.
    deployment = api_deployment()
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[-1], strict=True)


def test_api_pods_are_probed_bounded_locked_down_and_drained():
    pod = api_deployment()["spec"]["template"]["spec"]
    container = api_container()
    port_names = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert PORT in port_names.values()

    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
        http = container[probe]["httpGet"]
        assert http["path"] == path
        assert port_names.get(http["port"], http["port"]) == PORT

    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind]), kind

    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    # A read-only root still needs a writable /tmp (gunicorn heartbeats, Prometheus files).
    tmp_mounts = [mount for mount in container["volumeMounts"] if mount["mountPath"] == "/tmp"]
    assert tmp_mounts
    [tmp_volume] = [volume for volume in pod["volumes"] if volume["name"] == tmp_mounts[0]["name"]]
    assert "emptyDir" in tmp_volume

    # Kubernetes waits this long after SIGTERM; gunicorn needs its graceful timeout inside it.
    graceful = int(configmap_data().get("GRACEFUL_TIMEOUT", ServerConfig().graceful_timeout_seconds))
    assert pod["terminationGracePeriodSeconds"] > graceful
    assert "command" not in container and "args" not in container, "run the image's CMD"


def test_api_pods_read_every_setting_of_the_configmap():
    configmap = the("ConfigMap")
    sources = api_container()["envFrom"]
    assert {"configMapRef": {"name": configmap["metadata"]["name"]}} in sources


def test_service_hpa_and_pdb_point_at_the_api_pods():
    deployment = api_deployment()
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert selects(deployment["spec"]["selector"]["matchLabels"], pod_labels)
    port_names = {port["name"]: port["containerPort"] for port in api_container()["ports"]}

    service = the("Service", "ner-service")
    assert selects(service["spec"]["selector"], pod_labels)
    [port] = service["spec"]["ports"]
    assert port_names.get(port["targetPort"], port["targetPort"]) == PORT

    hpa = the("HorizontalPodAutoscaler")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
    assert hpa["spec"]["minReplicas"] >= 2
    [metric] = hpa["spec"]["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"

    pdb = the("PodDisruptionBudget")
    assert selects(pdb["spec"]["selector"]["matchLabels"], pod_labels)


def test_redis_on_kubernetes_is_the_one_the_api_is_pointed_at():
    redis_service = the("Service", "ner-redis")
    redis = the("Deployment", "ner-redis")
    redis_labels = redis["spec"]["template"]["metadata"]["labels"]
    assert selects(redis_service["spec"]["selector"], redis_labels)
    api_labels = api_deployment()["spec"]["template"]["metadata"]["labels"]
    assert not selects(redis_service["spec"]["selector"], api_labels)
    assert not selects(the("Service", "ner-service")["spec"]["selector"], redis_labels)

    [port] = redis_service["spec"]["ports"]
    redis_url = configmap_data()["REDIS_URL"]
    assert redis_url == f"redis://{redis_service['metadata']['name']}:{port['port']}/0"

    [container] = redis["spec"]["template"]["spec"]["containers"]
    command = [str(part) for part in container["command"]]
    options = dict(zip(command[1::2], command[2::2]))
    assert options.get("--maxmemory-policy") == "allkeys-lru" and options.get("--maxmemory")


# --- YAML --------------------------------------------------------------------------------------


def test_all_yaml_passes_yamllint():
    listed = run_tool(tool("yamllint"), "--list-files", ".").stdout.split()
    linted = {str(Path(path)) for path in listed}
    # The configuration's ignores must not hide the deployment files.
    for ours in ["docker-compose.yml", *(str(p.relative_to(REPO)) for p in K8S_DIR.glob("*.yaml"))]:
        assert ours in linted, ours
    result = run_tool(tool("yamllint"), "--strict", "--format", "parsable", ".")
    assert result.returncode == 0, result.stdout + result.stderr


# --- The container's start command, run for real -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_into(context_sources: list[str], destination: Path) -> None:
    """Docker's COPY of build-context paths into a directory (enough for this Dockerfile)."""
    for source in context_sources:
        path = REPO / source
        if path.is_dir():
            shutil.copytree(
                path,
                destination,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "runs"),
            )
        else:
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)


def replay_copies(stage: list[dict], root: Path) -> None:
    """Apply a stage's COPY instructions from the build context under `root` (the stage's /)."""
    workdir = Path("/")
    for item in stage:
        if item["instruction"] == "WORKDIR":
            workdir = workdir / item["value"]
        if item["instruction"] == "COPY" and "--from=" not in item["value"]:
            *sources, target = shlex.split(item["value"])
            target_path = root / (workdir / target).relative_to("/")
            if len(sources) == 1 and not target.endswith("/") and (REPO / sources[0]).is_file():
                target_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / sources[0], target_path)
            else:
                copy_into(sources, target_path)


def stage_workdir(stage: list[dict]) -> str:
    return instructions(stage, "WORKDIR")[-1]


@pytest.fixture
def redis_url(tmp_path):
    """A real Redis of our own on a free port, stopped after the test."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline and server.poll() is None, "redis-server failed"
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def image_layout(tmp_path):
    """The image's filesystem where it matters, built the way the Dockerfile builds it.

    The builder stage's COPYs are replayed into a source tree and installed from it with
    `pip install` (not editable, like the image; dependencies come from the test venv). The
    runtime stage's COPYs are replayed into an app directory that plays the image's WORKDIR.
    """
    builder, runtime = dockerfile_stages()[0], dockerfile_stages()[-1]
    build_root, image_root = tmp_path / "builder", tmp_path / "runtime"
    replay_copies(builder, build_root)
    replay_copies(runtime, image_root)
    source_dir = build_root / stage_workdir(builder).lstrip("/")
    app_dir = image_root / stage_workdir(runtime).lstrip("/")
    app_dir.mkdir(parents=True, exist_ok=True)

    site = tmp_path / "site-packages"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(source_dir)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return {
        "site": site,
        "app": app_dir,
        "workdir": stage_workdir(runtime),
        "tmp": tmp_path / "container-tmp",
    }


def container_environment(layout: dict, redis_url: str) -> dict[str, str]:
    """The container's environment: Dockerfile ENV, then compose's `environment:` defaults.

    Paths of the image are mapped to their stand-ins here; REDIS_URL points at our Redis
    instead of compose's `redis` host. Nothing is inherited from the test's own environment.
    """
    layout["tmp"].mkdir(exist_ok=True)
    environment = {
        # What the python base image sets, with this machine's directories.
        "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "HOME": str(layout["tmp"]),
        "TMPDIR": str(layout["tmp"]),
        # The image's venv is our install in front of the test venv's dependencies.
        "PYTHONPATH": str(layout["site"]),
    }
    for name, value in dockerfile_env().items():
        value = value.replace("/opt/venv/bin", str(layout["site"] / "bin"))
        value = value.replace("/tmp", str(layout["tmp"]))
        value = value.replace(layout["workdir"], str(layout["app"]))
        # Last, so the image-path rewrites above never touch this machine's paths (a
        # checkout under /tmp would otherwise lose its venv from PATH).
        value = value.replace("$PATH", environment["PATH"])
        environment[name] = value
    environment.update(compose_api_environment())
    environment["REDIS_URL"] = redis_url
    return environment


def http(method: str, url: str, body: dict | None = None) -> tuple[int, dict | str]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def wait_until_ready(server: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"server exited:\n{log_path.read_text()}"
        try:
            if http("GET", f"{base_url}/readyz")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.25)
    pytest.fail(f"/readyz not 200 within {STARTUP_LIMIT_SECONDS}s:\n{log_path.read_text()}")


def test_container_start_command_serves_tag_and_stops_cleanly(image_layout, redis_url, tmp_path):
    command = dockerfile_cmd()
    assert command == START_COMMAND
    environment = container_environment(image_layout, redis_url)

    # Sanity of the stand-in: the code that runs is the installed copy, not the checkout.
    where = subprocess.run(
        [sys.executable, "-c", "import model, service; print(model.__file__, service.__file__)"],
        cwd=image_layout["app"], env=environment, capture_output=True, text=True, timeout=60,
    )
    assert where.returncode == 0, where.stderr
    assert all(
        Path(path).is_relative_to(image_layout["site"]) for path in where.stdout.split()
    ), where.stdout

    # The only change: another port, since 8000 may be taken on this machine.
    port = free_port()
    environment["PORT"] = str(port)
    argv = command.copy()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    executable = shutil.which(argv[0], path=environment["PATH"])
    assert executable, f"{argv[0]} is not on the image's PATH: is it in [project.scripts]?"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            argv,
            cwd=image_layout["app"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            executable=executable,
            start_new_session=True,
        )
    try:
        wait_until_ready(server, base_url, log_path)

        status, body = http("POST", f"{base_url}/tag", {"text": "Harry Potter visited London."})
        assert status == 200, body
        assert isinstance(body, dict), body
        assert body["entities"], f"no entities in {body}"
        assert {entity["label"] for entity in body["entities"]} <= {"PER", "ORG", "LOC", "MISC"}
        # The pages' templates, CSS and JavaScript and the learning curves are package data.
        for page in ("/", "/static/demo.js", "/static/pages.css", "/model/learning-curves.svg"):
            assert http("GET", f"{base_url}{page}")[0] == 200, page

        # The result went into the Redis that REDIS_URL names.
        import redis

        assert redis.Redis.from_url(redis_url).dbsize() > 0, "nothing cached in REDIS_URL's Redis"

        # The Dockerfile's HEALTHCHECK command, in the environment that moved the port.
        [healthcheck] = instructions(dockerfile_stages()[-1], "HEALTHCHECK")
        health_argv = json.loads(healthcheck.split("CMD", 1)[1].strip())
        check = subprocess.run(
            health_argv, env=environment, capture_output=True, text=True, timeout=60
        )
        assert check.returncode == 0, check.stderr

        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=SHUTDOWN_LIMIT_SECONDS)
        assert returncode == 0, f"exit code {returncode}:\n{log_path.read_text()}"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

