"""Reading an uploaded file safely, and importing an export into a runner's account.

The size is checked before anything is parsed; the import is all or nothing, in one
transaction, and importing the same file again adds nothing (unique constraints and
`ignore_conflicts`, equality for pauses).
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from accounts.models import User
from accounts.timezones import is_valid_timezone, local_today
from ankleapp import sql
from portability.sections import BATCH, FORMAT, SECTIONS, VERSION, ImportProblem
from routines.selectors import plan_exercises
from tracking.models import Completion, PlanBreak
from tracking.services import streak_summary_rebuild

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # ten years of every exercise every day is about 1.2 MB
# The site-wide body cap (MAX_REQUEST_BODY_BYTES, at least 3 MB) stays above this, so an
# oversized export is refused here, with this page's own message.
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
# A multipart body carries the file plus its headers, the CSRF token and the field names.
MULTIPART_ALLOWANCE = 16 * 1024

REQUIRED_SECTIONS = ("profile", "completions", "rest_days", "pauses")


def too_big_request(request: HttpRequest) -> bool:
    """Says, before Django reads the body, whether the upload is over the limit."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE


def read_upload(upload: UploadedFile | None) -> str:
    """The file's text, read no further than one byte past the limit."""
    if upload is None:
        raise ImportProblem("Choose a file to upload.")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportProblem(f"The file is larger than {MAX_UPLOAD_MB} MB, the most this page takes.")
    if not data.strip():
        raise ImportProblem("The file is empty.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem("The file is not text (UTF-8). Upload the file as it was downloaded.") from None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_export(text: str) -> dict:
    try:
        document = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ImportProblem("The file is not valid JSON: it may be damaged or not a Stronger Ankles export.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem("This is not a Stronger Ankles export (its “format” is not “stronger-ankles-export”).")
    if document.get("version") != VERSION:
        raise ImportProblem(
            f"This export is version {str(document.get('version'))[:20]}; this app reads version {VERSION}."
        )
    for name in REQUIRED_SECTIONS:
        if name not in document:
            raise ImportProblem(f"The file has no “{name}” section.")
    return document


@dataclass(frozen=True)
class ImportResult:
    added: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.added.values())


def import_export(*, user: User, document: dict, now: dt.datetime) -> ImportResult:
    """Check every section of an export, then write them all, or nothing."""
    # A day is in the future when it is in the account's zone and in the file's: a runner
    # moving a file from Auckland into a new account still on the default zone keeps today.
    zones = [user.timezone]
    profile = document.get("profile")
    if isinstance(profile, dict) and isinstance(profile.get("time_zone"), str):
        if is_valid_timezone(profile["time_zone"]):
            zones.append(profile["time_zone"])
    today = max(local_today(zone, now=now) for zone in zones)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        writers = {
            name: section.load(document[name], user, today)
            for name, section in SECTIONS.items()
            if section.load is not None and name in document
        }
        result = ImportResult(added={name: write(user) for name, write in writers.items()})
        streak_summary_rebuild(user=user)
    if result.total:
        sql.refresh_statistics(Completion, PlanBreak)
    return result


def loop_days_import(*, user: User, days: list[dt.date], today: dt.date) -> int:
    """Mark the whole plan done on each of `days` (from Loop). Returns the days added."""
    plan = plan_exercises()
    days = [day for day in days if day <= today]
    with transaction.atomic():
        before = Completion.objects.filter(user=user).count()
        Completion.objects.bulk_create(
            (Completion(user=user, exercise=exercise, completed_on=day) for day in days for exercise in plan),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        added = Completion.objects.filter(user=user).count() - before
        streak_summary_rebuild(user=user)
    if added:
        sql.refresh_statistics(Completion)
    return added // max(len(plan), 1)
