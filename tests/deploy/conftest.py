"""The `container` marker: tests that build and run the image on a Docker engine.

They are left out of every run that does not ask for them with `-m container` (so `make test`
and CI, which have no engine, never start them); `make container-test` asks.
"""

MARKER = "container"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"{MARKER}: builds and runs the image with Docker; only run with -m {MARKER} "
        "(make container-test)",
    )


def pytest_collection_modifyitems(config, items):
    if MARKER in (config.getoption("markexpr") or ""):
        return
    deselected = [item for item in items if item.get_closest_marker(MARKER)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(MARKER)]
