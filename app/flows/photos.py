"""Photo evidence: the images a shopper uploaded and named in their messages."""

from __future__ import annotations

from app.flows.context import FlowContext
from app.uploads import find_upload_ids


async def collect_photos(ctx: FlowContext) -> list[str]:
    """The photo ids gathered so far, plus those of this message that this shopper sent."""
    known = [str(i) for i in ctx.slots.get("photos") or []]
    named = [i for i in find_upload_ids(ctx.text) if i not in known]
    ref = ctx.turn.customer_ref or f"customer:{ctx.turn.customer_id}"
    owned = await ctx.deps.uploads.owned(named, ref)
    photos = [*known, *(u.id for u in owned)][: ctx.policy.photo_max_count]
    ctx.slots["photos"] = photos
    return photos
