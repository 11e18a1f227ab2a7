"""Staff tools beyond editing: import/export, try-it, conflicts, unanswered mining."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError

from app.admin.conflicts import find_conflicts
from app.admin.csv_io import decode, scripts_from_csv, scripts_to_csv
from app.admin.deps import AdminDep, MatchingDep, TuningDep
from app.admin.errors import InvalidItem
from app.admin.library_files import dump_yaml
from app.admin.mining import unanswered_groups
from app.admin.models import ItemKind
from app.admin.schemas import ScriptIn
from app.problems import ProblemRoute
from handoff.views import CurrentAgent, EngineDep, Supervisor

router = APIRouter(prefix="/api/admin", route_class=ProblemRoute, tags=["admin tools"])
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_BATCH = 500


@router.get("/export/scripts.{fmt}", summary="Every script as YAML or as CSV for Excel")
def export_scripts(fmt: Literal["yaml", "csv"], admin: AdminDep, staff: CurrentAgent) -> Response:
    scripts = [out.item for out in admin.items(ItemKind.SCRIPT)]
    if fmt == "csv":
        body, media = scripts_to_csv(scripts), "text/csv; charset=utf-8"
    else:
        body, media = dump_yaml({"scripts": scripts}), "application/yaml; charset=utf-8"
    disposition = f'attachment; filename="scripts.{fmt}"'
    return Response(
        body.encode("utf-8"), media_type=media, headers={"Content-Disposition": disposition}
    )


@router.post("/import/scripts", summary="Create or update scripts from a YAML or CSV file")
async def import_scripts(
    admin: AdminDep, editor: Supervisor, file: Annotated[UploadFile, File()]
) -> dict[str, int]:
    """Scripts are matched by ``id``. The whole file is checked first: one bad row and
    nothing changes (the 422 names every bad cell as ``rows.<row>.<field>``)."""
    data = await _read_upload(file)
    if (file.filename or "").lower().endswith(".csv"):
        scripts = scripts_from_csv(data)
    else:
        scripts = _scripts_from_yaml(data)
    return admin.import_items(ItemKind.SCRIPT, list(scripts), editor.username)


def _scripts_from_yaml(data: bytes) -> list[ScriptIn]:
    try:
        document = yaml.safe_load(decode(data))
    except yaml.YAMLError as error:
        raise InvalidItem([{"field": "file", "message": f"bad YAML: {error}"}]) from None
    if not isinstance(document, dict) or not isinstance(document.get("scripts"), list):
        raise InvalidItem([{"field": "file", "message": "expected a 'scripts' list"}])
    scripts, errors = [], []
    default_category = document.get("category")
    for index, raw in enumerate(document["scripts"]):
        if isinstance(raw, dict) and default_category and "category" not in raw:
            raw = {"category": default_category, **raw}
        try:
            scripts.append(ScriptIn.model_validate(raw))
        except ValidationError as error:
            for problem in error.errors():
                where = ".".join(str(part) for part in problem["loc"])
                errors.append({"field": f"scripts.{index}.{where}", "message": problem["msg"]})
    if errors:
        raise InvalidItem(errors)
    return scripts


async def _read_upload(file: UploadFile) -> bytes:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidItem([{"field": "file", "message": "larger than 2 MB"}])
    return data


class TryIn(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class BatchIn(BaseModel):
    messages: list[str] = Field(min_length=1, max_length=MAX_BATCH)


@router.post("/try", summary="What the bot would answer, with candidates and rule trace")
def try_message(body: TryIn, matching: MatchingDep, staff: CurrentAgent) -> dict[str, Any]:
    return matching.try_message(body.text)


@router.post("/try/batch", summary="Try many messages; one row each")
def try_batch(body: BatchIn, matching: MatchingDep, staff: CurrentAgent) -> dict[str, Any]:
    return {"rows": [_row(matching.try_message(text)) for text in body.messages if text.strip()]}


@router.post("/try/batch/file", summary="Try every line of an uploaded text or CSV file")
async def try_batch_file(
    matching: MatchingDep, staff: CurrentAgent, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    lines = [line.strip().strip('"') for line in decode(await _read_upload(file)).splitlines()]
    messages = [line for line in lines if line][:MAX_BATCH]
    return {"rows": [_row(matching.try_message(text)) for text in messages]}


def _row(tried: dict[str, Any]) -> dict[str, Any]:
    top = tried["candidates"][0] if tried["candidates"] else {}
    return {
        key: tried[key]
        for key in ("text", "outcome", "intent", "answer", "script_id", "rule_name", "flow")
    } | {"score": top.get("score", 0.0)}


@router.get("/conflicts", summary="Script pairs the matcher could confuse")
def conflicts(
    admin: AdminDep, matching: MatchingDep, tuning: TuningDep, staff: CurrentAgent
) -> dict[str, Any]:
    scripts = [
        (out.key, [str(q) for q in out.item.get("questions") or []])
        for out in admin.items(ItemKind.SCRIPT)
        if out.item.get("enabled", True)
    ]
    found = find_conflicts(
        scripts, matching.normal_text, matching.top_script, tuning.conflict_similarity
    )
    return {"conflicts": [conflict.to_dict() for conflict in found]}


@router.get("/unanswered", summary="What the bot could not answer, grouped by similarity")
def unanswered(
    db: EngineDep,
    matching: MatchingDep,
    tuning: TuningDep,
    staff: CurrentAgent,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    groups, total = unanswered_groups(db, matching.tokens, tuning.unanswered)
    out = []
    for group in groups[:limit]:
        now = matching.try_message(group.label)
        out.append(
            {
                "label": group.label,
                "count": group.count,
                "examples": group.examples(tuning.unanswered.examples),
                "messages": list(group.texts),
                "now": {k: now[k] for k in ("outcome", "script_id", "answer", "top_score")},
                "nearest_script": matching.top_script(group.label)[0],
            }
        )
    return {"messages": total, "groups": out}
