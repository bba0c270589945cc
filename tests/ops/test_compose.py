"""``docker-compose.yml``, read as YAML (no Docker needed): the schema is migrated once, by a
one-shot ``migrate`` service, and the Huddle nodes start only after it finished successfully
(two nodes migrating an empty database at once would race each other)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
NODES = ("huddle1", "huddle2")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    doc = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    services: dict[str, Any] = doc["services"]
    return services


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    """A service's ``depends_on`` as name -> condition (the list form means started)."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def test_migrate_is_a_one_shot_of_the_same_image(services: dict[str, Any]) -> None:
    migrate = services["migrate"]
    assert migrate["command"] == ["huddle", "migrate"]
    assert migrate["build"] == services["huddle1"]["build"]  # the same image as the nodes
    assert (
        migrate["environment"]["DATABASE_URL"] == services["huddle1"]["environment"]["DATABASE_URL"]
    )
    # Restarted after exiting 0, it would run forever; the nodes wait for it to complete.
    assert migrate["restart"] == "no"
    assert depends_on(migrate) == {"postgres": "service_healthy"}


@pytest.mark.parametrize("node", NODES)
def test_nodes_start_after_the_migration_and_do_not_run_it(
    services: dict[str, Any], node: str
) -> None:
    service = services[node]
    assert depends_on(service) == {
        "redis": "service_healthy",
        "postgres": "service_healthy",
        "migrate": "service_completed_successfully",
    }
    command = service.get("command")
    assert command is None or "migrate" not in " ".join(command), command


def test_nothing_else_runs_migrations_and_nginx_waits_for_the_nodes(
    services: dict[str, Any],
) -> None:
    runs_migrate = [
        name
        for name, s in services.items()
        if "migrate" in " ".join(s.get("command") or []) and "huddle" in " ".join(s["command"])
    ]
    assert runs_migrate == ["migrate"]
    assert set(depends_on(services["nginx"])) == set(NODES)
