"""Uploaded plan files kept for an hour between the upload, the mapping and the confirmation.

The bytes live in the instance folder under a random token (never in the cookie session, which
is small and signed, not secret); each page re-reads them, so the officer's corrected mapping
is applied to the file itself and nothing parsed travels through the browser. Files older than
an hour are removed whenever another upload arrives.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from survey.domain.errors import DomainError

KEEP_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class Upload:
    token: str
    data: bytes
    name: str
    slug: str | None
    title: str | None
    owner: str


def _folder(instance: Path) -> Path:
    folder = instance / "plan-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(
    instance: Path, data: bytes, name: str, slug: str | None, title: str | None, owner: str
) -> str:
    folder = _folder(instance)
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(32)
    (folder / f"{token}.bin").write_bytes(data)
    about = {"name": name[:200], "slug": slug, "title": title, "owner": owner}
    (folder / f"{token}.json").write_text(json.dumps(about), encoding="utf-8")
    return token


def read_upload(instance: Path, token: str, owner: str) -> Upload:
    """The upload under ``token`` if it is less than an hour old and ``owner`` sent it."""
    gone = DomainError(
        "The uploaded file has expired or was already saved: upload it again", "file"
    )
    if not _TOKEN.match(token):
        raise gone
    folder = _folder(instance)
    data_path, about_path = folder / f"{token}.bin", folder / f"{token}.json"
    if not data_path.is_file() or time.time() - data_path.stat().st_mtime > KEEP_SECONDS:
        raise gone
    about = json.loads(about_path.read_text(encoding="utf-8"))
    if about.get("owner") != owner:
        raise gone
    return Upload(
        token, data_path.read_bytes(), about["name"], about.get("slug"), about.get("title"), owner
    )


def discard_upload(instance: Path, token: str) -> None:
    if _TOKEN.match(token):
        folder = _folder(instance)
        for suffix in (".bin", ".json"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)
