"""Structured logs: one JSON line per event, personal data masked.

Call ``log.info("event.name", extra={"fields": {...}})``; phone numbers and addresses in
any string field are masked before the line is written.
"""

from __future__ import annotations

import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

import orjson

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
# An address: a run of Chinese ending in a street/building marker and a number.
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:省|市|区|县|镇|乡|街道|路|街|巷|弄|村|小区|大厦)"
    r"[\u4e00-\u9fff\w\-#]*?(?:\d+\s*(?:号楼|号|栋|幢|单元|室|楼)?)+"
)


def mask(text: str) -> str:
    text = _PHONE.sub(r"\1****\2", text)
    return _ADDRESS.sub("[地址]", text)


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": mask(record.getMessage()),
        }
        for key, value in (getattr(record, "fields", None) or {}).items():
            line[key] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = mask(self.formatException(record.exc_info))
        return orjson.dumps(line, default=str).decode()


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").setLevel("WARNING")
