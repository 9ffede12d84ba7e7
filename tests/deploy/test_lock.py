"""requirements.lock, the image's exact run-time dependencies, against pyproject.toml.

`make lock` writes the lock with `uv pip compile` (versions and hashes of every run-time
package, resolved from [project] dependencies for the image's Python), and the Dockerfile
installs exactly that. These checks tell when the two files have drifted apart, offline: uv
annotates each package it locked for pyproject.toml itself with `# via ner-service
(pyproject.toml)`, so the lock records its own input, and that is compared with pyproject.toml
as it is now. (Re-resolving to compare would need PyPI, and would also fail on every new
upstream release, which is not drift.) What they cannot see, a changed dependency of a
dependency, the image build catches: it runs `pip check` on what it installed.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
PYPROJECT = REPO / "pyproject.toml"
PROJECT_ITSELF = "ner-service (pyproject.toml)"
REFRESH = "run `make lock` and commit requirements.lock"


@dataclass
class Locked:
    version: str
    hashes: list[str] = field(default_factory=list)
    via: set[str] = field(default_factory=set)


def parse_lock(text: str) -> dict[str, Locked]:
    """A `uv pip compile --generate-hashes` file: `name==version \\`, its `--hash=` lines, then
    `# via NAME` or `# via` followed by one `#   NAME` line per package that needs it."""
    packages: dict[str, Locked] = {}
    current = None
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")):
            name, version = line.rstrip(" \\").split("==")
            current = packages[canonicalize_name(name)] = Locked(version)
        elif current is not None and line.strip().startswith("--hash="):
            current.hashes.append(line.strip().rstrip(" \\").removeprefix("--hash="))
        elif current is not None and re.match(r"\s+# via ", line):
            current.via.add(line.split("# via ", 1)[1].strip())
        elif current is not None and re.match(r"\s+#   ", line):
            current.via.add(line.split("#   ", 1)[1].strip())
    return packages


def lock_command(text: str) -> list[str]:
    """The command the lock's header says made it."""
    match = re.search(r"^#\s+(uv pip compile .*)$", text, re.MULTILINE)
    assert match, "requirements.lock has no `uv pip compile` header: " + REFRESH
    return shlex.split(match[1])


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def image_python() -> str:
    """The Python minor version of the Dockerfile's default base image, e.g. "3.11"."""
    dockerfile = (REPO / "Dockerfile").read_text()
    match = re.search(r"^ARG PYTHON_BASE_IMAGE=python:(\d+\.\d+)\.", dockerfile, re.MULTILINE)
    assert match, "the Dockerfile's PYTHON_BASE_IMAGE default is no python:X.Y.Z image"
    return match[1]


def lock_problems(pyproject: dict, lock_text: str) -> list[str]:
    """How the lock fails to match pyproject.toml; empty when it matches."""
    command = lock_command(lock_text)
    python = option(command, "--python-version")
    locked = parse_lock(lock_text)
    environment = {"python_version": python, "python_full_version": f"{python}.0",
                   "sys_platform": "linux", "platform_system": "Linux"}
    problems = []

    wanted = {}
    for line in pyproject["project"]["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            wanted[canonicalize_name(requirement.name)] = requirement
    for name, requirement in sorted(wanted.items()):
        if name not in locked:
            problems.append(f"{requirement} is not in the lock")
        elif not requirement.specifier.contains(Version(locked[name].version),
                                                prereleases=True):
            problems.append(f"{requirement} does not allow the locked {locked[name].version}")
    for name, package in sorted(locked.items()):
        if PROJECT_ITSELF in package.via and name not in wanted:
            problems.append(f"{name} is locked for pyproject.toml, which no longer asks for it")
        if not package.hashes:
            problems.append(f"{name} has no hash")
    return problems


def test_the_lock_matches_pyproject():
    problems = lock_problems(tomllib.loads(PYPROJECT.read_text()), LOCK.read_text())
    assert not problems, "requirements.lock is stale: " + "; ".join(problems) + ". " + REFRESH


def test_the_lock_is_resolved_for_the_image_python_with_hashes():
    command = lock_command(LOCK.read_text())
    assert command[:4] == ["uv", "pip", "compile", "pyproject.toml"]
    assert "--generate-hashes" in command
    assert option(command, "--python-version") == image_python()
    assert option(command, "--python-platform") == "linux"
    # The Makefile's `lock` target is the one documented way to make it.
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^lock:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "the Makefile has no `lock` target"
    recipe_words = shlex.split(recipe[1].replace("\\\n", " "))
    for word in command[3:]:
        assert word in recipe_words, f"`make lock` does not pass {word}"


def test_the_check_sees_a_dependency_added_dropped_or_narrowed():
    # The check above must be able to fail: the same lock against pyproject.toml as it
    # would be after three kinds of edit.
    pyproject = tomllib.loads(PYPROJECT.read_text())
    lock = LOCK.read_text()
    dependencies = pyproject["project"]["dependencies"]
    [flask] = [line for line in dependencies if Requirement(line).name == "flask"]
    locked_flask = parse_lock(lock)["flask"].version

    pyproject["project"]["dependencies"] = [
        *(line for line in dependencies if line != flask and not line.startswith("tqdm")),
        f"flask>{locked_flask}",
        "requests>=2",
    ]
    problems = lock_problems(pyproject, lock)
    assert "requests>=2 is not in the lock" in problems
    assert f"flask>{locked_flask} does not allow the locked {locked_flask}" in problems
    assert "tqdm is locked for pyproject.toml, which no longer asks for it" in problems
    assert len(problems) == 3, problems


def test_a_lock_entry_without_hashes_is_reported():
    lock = LOCK.read_text()
    unhashed = re.sub(r"^(flask==\S+) \\\n(?:\s+--hash=\S+(?: \\)?\n)+", r"\1\n", lock,
                      flags=re.MULTILINE)
    assert unhashed != lock
    assert lock_problems(tomllib.loads(PYPROJECT.read_text()), unhashed) == ["flask has no hash"]


def test_the_image_installs_exactly_the_lock():
    # The dependencies only from the lock, hash-checked; the package itself without
    # dependencies of its own choosing; and `pip check` to prove the lock satisfies it.
    dockerfile = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    runs = " ".join(" ".join(run.split()) for run in re.findall(r"^RUN (.*)$", dockerfile,
                                                                  re.MULTILINE))
    assert "pip install --no-deps --require-hashes -r requirements.lock" in runs
    assert "pip install --no-deps ." in runs
    assert "pip check" in runs
