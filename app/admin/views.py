"""The staff tools' HTTP API under ``/api/admin`` (routes only; work is in the services).

Auth is the agents' own (``handoff``): ``Authorization: Bearer <token>`` from
``POST /api/agents/login``. Any staff member may read and try; supervisors and admins
edit. Every ``AdminError``, ``HandoffError`` and request validation error becomes an
``application/problem+json`` response (``app.problems``); a 422 lists ``errors`` by field.
"""

# No ``from __future__ import annotations``: the per-kind routes below are made in a loop,
# and FastAPI must see each body schema as a real class.

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from app.admin.deps import AdminDep, MatchingDep
from app.admin.history import change_dict, list_changes
from app.admin.models import ItemKind
from app.admin.schemas import SCHEMAS, ItemIn, ItemOut
from app.admin.search import search
from app.problems import ProblemRoute
from handoff.views import CurrentAgent, EngineDep, Supervisor

router = APIRouter(prefix="/api/admin", route_class=ProblemRoute, tags=["admin"])
PLURALS = {
    ItemKind.SCRIPT: "scripts",
    ItemKind.RULE: "rules",
    ItemKind.SYNONYM: "synonyms",
    ItemKind.WORD: "words",
}


class ItemList(BaseModel):
    items: list[ItemOut]
    total: int


def _register(kind: ItemKind, schema: type[ItemIn]) -> None:
    plural = PLURALS[kind]

    def list_items(
        admin: AdminDep, matching: MatchingDep, staff: CurrentAgent, q: str = ""
    ) -> ItemList:
        items = search(admin.items(kind), q, matching.normal_text)
        return ItemList(items=items, total=len(items))

    def get_item(key: str, admin: AdminDep, staff: CurrentAgent) -> ItemOut:
        return admin.get(kind, key)

    def create_item(body: schema, admin: AdminDep, editor: Supervisor) -> ItemOut:  # type: ignore[valid-type]
        return admin.create(kind, body, editor.username)

    def update_item(key: str, body: schema, admin: AdminDep, editor: Supervisor) -> ItemOut:  # type: ignore[valid-type]
        return admin.update(kind, key, body, editor.username)

    def delete_item(
        key: str,
        admin: AdminDep,
        editor: Supervisor,
        version: Annotated[int, Query(ge=0, description="the version you saw")],
    ) -> Response:
        admin.delete(kind, key, version, editor.username)
        return Response(status_code=204)

    router.add_api_route(f"/{plural}", list_items, methods=["GET"], summary=f"List {plural}")
    router.add_api_route(f"/{plural}/{{key}}", get_item, methods=["GET"], summary=f"One {kind}")
    router.add_api_route(
        f"/{plural}", create_item, methods=["POST"], status_code=201, summary=f"Create a {kind}"
    )
    router.add_api_route(
        f"/{plural}/{{key}}", update_item, methods=["PUT"], summary=f"Change a {kind}"
    )
    router.add_api_route(
        f"/{plural}/{{key}}",
        delete_item,
        methods=["DELETE"],
        status_code=204,
        summary=f"Delete a {kind}",
    )


class PhrasingsIn(BaseModel):
    questions: list[str] = Field(min_length=1, max_length=200)
    version: int = Field(ge=0)


def add_phrasings(key: str, body: PhrasingsIn, admin: AdminDep, editor: Supervisor) -> ItemOut:
    """Add phrasings to a script (e.g. an unanswered group's messages); repeats are skipped."""
    current = admin.get(ItemKind.SCRIPT, key)
    questions = list(current.item.get("questions") or [])
    questions += [q.strip() for q in body.questions if q.strip() and q.strip() not in questions]
    data = dict(current.item)
    data.update(questions=questions, version=body.version)
    script = SCHEMAS[ItemKind.SCRIPT].model_validate(data)
    return admin.update(ItemKind.SCRIPT, key, script, editor.username)


router.add_api_route(
    "/scripts/{key}/phrasings", add_phrasings, methods=["POST"], summary="Add phrasings"
)
_register(ItemKind.SCRIPT, SCHEMAS[ItemKind.SCRIPT])


def _register_all() -> None:
    for kind in (ItemKind.RULE, ItemKind.SYNONYM, ItemKind.WORD):
        _register(kind, SCHEMAS[kind])


_register_all()


@router.get("/history", summary="Changes, newest first")
def history(
    db: EngineDep,
    staff: CurrentAgent,
    kind: ItemKind | None = None,
    key: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    return list_changes(db, kind, key, limit)


@router.post("/history/{change_id}/revert", summary="Undo one change")
def revert(change_id: int, admin: AdminDep, editor: Supervisor) -> dict[str, Any]:
    """Put the item back as it was before the change (a new change, itself revertible)."""
    undone = admin.revert(change_id, editor.username)
    return {"reverted": change_dict(undone)}


@router.post("/reload", summary="Reload the library from its files")
def reload_from_files(admin: AdminDep, editor: Supervisor) -> dict[str, object]:
    """After a hand edit of the files. If they do not load, the previous library keeps
    serving and the answer (422) lists every problem with file, line and field."""
    return admin.reload_from_files(editor.username)


@router.get("/status", summary="The library version this process serves")
def status(admin: AdminDep, staff: CurrentAgent) -> dict[str, object]:
    return {**admin.watcher.status.to_dict(), "latest": admin.watcher.signal.current()}
