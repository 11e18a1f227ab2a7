"""``POST /api/uploads``: a shopper's image, authorised by their customer or visitor token.

Answers ``201 {"id", "media_type", "size", "marker"}``; the widget then sends ``marker``
in a chat message. Errors are ``{"error": code, "detail": English, "message": Chinese}``.
``GET /api/uploads/{id}``: the image, for a signed-in agent (``Authorization: Bearer``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response

from app.problems import ProblemRoute
from app.security import Identity, TokenError, customer_identity, visitor_identity
from app.uploads.service import (
    UPLOAD_MARKER,
    TooManyUploads,
    UnsupportedImage,
    UploadError,
    UploadStore,
    UploadTooLarge,
)
from handoff.views import CurrentAgent

router = APIRouter()
# Agent routes answer auth failures the way the agents' API does (problem+json).
agent_router = APIRouter(route_class=ProblemRoute)
MULTIPART_OVERHEAD = 64 * 1024
STATUS = {UploadTooLarge: 413, UnsupportedImage: 415, TooManyUploads: 429}


@router.post("/api/uploads", status_code=201)
async def upload_image(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    token: Annotated[str | None, Form()] = None,
) -> Any:
    store: UploadStore | None = getattr(request.app.state, "uploads", None)
    if store is None:
        return _problem(request, 503, "uploads_disabled", "uploads are not configured")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > store.max_bytes + MULTIPART_OVERHEAD:
        return _problem(request, 413, "too_large", f"larger than {store.max_bytes} bytes")
    identity = _identity(request, token)
    if identity is None:
        return _problem(request, 401, "bad_token", "a customer or visitor token is required")
    if file is None:
        return _problem(request, 400, "no_file", "send the image as the multipart field 'file'")
    data = await file.read(store.max_bytes + 1)
    try:
        upload = await store.save(data, identity.ref)
    except UploadError as error:
        return _problem(request, STATUS.get(type(error), 400), error.code, str(error))
    return {
        "id": upload.id,
        "media_type": upload.media_type,
        "size": upload.size,
        "marker": UPLOAD_MARKER.format(id=upload.id),
    }


@agent_router.get("/api/uploads/{upload_id}")
async def read_upload(upload_id: str, request: Request, _agent: CurrentAgent) -> Response:
    store: UploadStore | None = getattr(request.app.state, "uploads", None)
    upload = await store.get(upload_id) if store is not None else None
    if store is None or upload is None or not store.path_of(upload).is_file():
        return _problem(request, 404, "not_found", "no such upload")
    return FileResponse(
        store.path_of(upload),
        media_type=upload.media_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=3600",
        },
    )


def _identity(request: Request, form_token: str | None) -> Identity | None:
    header = request.headers.get("authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else form_token
    if not token:
        return None
    key: bytes = request.app.state.settings.signing_key
    for read in (customer_identity, visitor_identity):
        try:
            return read(key, token)
        except TokenError:
            continue
    return None


def _problem(request: Request, status: int, code: str, detail: str) -> JSONResponse:
    flows = getattr(request.app.state, "flows", None)
    message = flows.deps.texts(f"upload_{code}") if flows is not None else ""
    return JSONResponse({"error": code, "detail": detail, "message": message}, status_code=status)
