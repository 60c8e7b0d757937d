"""One upload check for every file the application accepts: extension, size and content.

A file is accepted when

1. its extension is in the allow-list of its *kind* (``KINDS``: ``"document"`` for evidence, dossier and
   campaign files; ``"spreadsheet"`` for Excel imports),
2. it is not empty and not larger than ``settings.UPLOAD_MAX_BYTES`` (default 20 MB; a caller may pass
   its own ``max_bytes``, e.g. the importer's ``IMPORT_MAX_BYTES``),
3. its bytes prove its extension (content sniffing, ``sniff()``): a PDF starts with ``%PDF-`` and has no
   web page (``<html``, ``<script``) in its first KB; a JPEG starts with ``FF D8 FF``; a PNG with its
   8-byte signature; ``.doc``/``.xls`` are OLE2 files (``D0 CF 11 E0 A1 B1 1A E1``); ``.docx``/``.xlsx``
   are ZIP files holding ``[Content_Types].xml`` and ``word/`` or ``xl/`` parts (and no macros);
   ``.odt``/``.ods`` are ZIP files whose ``mimetype`` member names the OpenDocument type. A program
   (``MZ``, ELF) is refused whatever its name, and an Office file protected by a password is named as such.

Every refusal is one translated sentence the user can act on.

Three ways in, one rule:

- services: ``validate_upload(upload, kind="document", field="file")`` raises ``DomainError`` (with
  ``field``) and returns the file's clean original name (``"Biên bản.pdf"``) to keep in an
  ``original_name`` field;
- forms: ``UploadField(kind="document", required=False, label=...)``, a ``forms.FileField`` that runs the
  same check and tells the browser which extensions to offer (``accept``);
- model fields: ``models.FileField(..., validators=[UploadValidator("document")])`` (checked by
  ``full_clean``/ModelForms, so by the admin too; a file already stored is not read again).

Stored names are random, so that a name says nothing and cannot be guessed or collide::

    file = models.FileField(upload_to=RandomName("blocs/evidence"), max_length=255)
    # → "blocs/evidence/2026/11/3f2a…c9.pdf"; keep validate_upload()'s return value in original_name

``RandomName`` is deconstructible (migrations can serialise it); ``random_name(prefix, filename)`` is the
same as a plain function.
"""

import os
import re
import unicodedata
import uuid
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from .errors import DomainError

DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png")
KINDS = {
    "document": DOCUMENT_EXTENSIONS,
    "spreadsheet": ("xlsx",),
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

PDF = b"%PDF-"
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
PROGRAMS = (b"MZ", b"\x7fELF")
# An Office file protected by a password is an OLE2 container holding this stream (names are UTF-16).
ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
WEB_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<svg", b"<iframe")
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/"}
ODF_TYPES = {"odt": b"application/vnd.oasis.opendocument.text",
             "ods": b"application/vnd.oasis.opendocument.spreadsheet"}
TYPE_NAMES = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel",
              "odt": "OpenDocument", "ods": "OpenDocument", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}


def extensions(kind="document"):
    """The extensions (lower case, no dot) accepted for ``kind``."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown upload kind {kind!r}; known: {', '.join(KINDS)}") from None


def max_bytes():
    """The size limit of an upload (``settings.UPLOAD_MAX_BYTES``, 20 MB when unset)."""
    return getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def extension(name):
    """``"Báo cáo.PDF"`` → ``"pdf"``; ``""`` without one."""
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def original_name(name):
    """The file name the user chose, without any folder part, NFC-normalised, at most 255 characters."""
    base = unicodedata.normalize("NFC", os.path.basename(str(name or "").replace("\\", "/"))).strip()
    if len(base) > 255:
        stem, ext = os.path.splitext(base)
        base = stem[:255 - len(ext)] + ext
    return base


def _read(upload):
    """The whole content is never read: the head for signatures, the ZIP directory through zipfile."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return head


def _zip_members(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
            return names, mimetype
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return None, b""
    finally:
        upload.seek(0)


DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\"")
WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def xlsx_limits():
    """The bounds of a workbook we agree to read (settings, each overridable by an environment variable)."""
    return {"bytes": settings.XLSX_MAX_UNCOMPRESSED_BYTES, "ratio": settings.XLSX_MAX_COMPRESSION_RATIO,
            "rows": settings.XLSX_MAX_ROWS, "columns": settings.XLSX_MAX_COLUMNS, "cells": settings.XLSX_MAX_CELLS}


def _column_number(letters):
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def xlsx_bounds_problem(archive, compressed_size):
    """The reason an .xlsx (an open ``zipfile.ZipFile`` of ``compressed_size`` bytes) is too big to read, or
    ``None``. Only the ZIP directory and the first bytes of each sheet (its ``<dimension>``) are read, never the
    sheets themselves: a small file that unpacks to gigabytes or a million rows is refused at once."""
    limits = xlsx_limits()
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    too_big = _("The spreadsheet is too large once unpacked (%(mb)s MB; at most %(limit)s MB). Split it into "
                "smaller files and upload them one by one.")
    if unpacked > limits["bytes"]:
        return too_big % {"mb": f"{unpacked / 1024 / 1024:.1f}".replace(".", ","),
                          "limit": _megabytes(limits["bytes"])}
    for info in infos:
        if not WORKSHEET.match(info.filename):
            continue
        with archive.open(info) as member:
            head = member.read(4096)
        match = DIMENSION.search(head)
        if not match:
            continue
        c1, r1, c2, r2 = match.groups()
        rows = int(r2 or r1) - int(r1) + 1
        columns = _column_number((c2 or c1).decode()) - _column_number(c1.decode()) + 1
        if rows > limits["rows"]:
            return _("The spreadsheet has %(n)s rows; at most %(limit)s can be read. Split it into smaller files.") % {
                "n": f"{rows:,}".replace(",", "."), "limit": f"{limits['rows']:,}".replace(",", ".")}
        if columns > limits["columns"]:
            return _("The spreadsheet has %(n)s columns; at most %(limit)s can be read. Delete the columns you do "
                     "not need.") % {"n": columns, "limit": limits["columns"]}
        if rows * columns > limits["cells"]:
            return _("The spreadsheet has %(n)s cells; at most %(limit)s can be read. Split it into smaller "
                     "files.") % {"n": f"{rows * columns:,}".replace(",", "."),
                                  "limit": f"{limits['cells']:,}".replace(",", ".")}
    if compressed_size and unpacked > 1024 * 1024 and unpacked / compressed_size > limits["ratio"]:
        return _("The spreadsheet unpacks to %(mb)s MB from a file of %(kb)s KB: it is not an ordinary workbook "
                 "and is not accepted.") % {"mb": f"{unpacked / 1024 / 1024:.1f}".replace(".", ","),
                                            "kb": f"{compressed_size / 1024:.0f}"}
    return None


def _xlsx_bounds(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return xlsx_bounds_problem(archive, _size(upload))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return None  # not a readable ZIP: sniff() says so
    finally:
        upload.seek(0)


def _is_encrypted_office(upload):
    upload.seek(0)
    try:
        content = upload.read(256 * 1024)  # the OLE2 directory of an encrypted package comes early
    finally:
        upload.seek(0)
    return ENCRYPTED_OOXML in content


def sniff(upload, ext):
    """``None`` when the content of ``upload`` proves the extension ``ext``; otherwise the reason (translated).

    ``upload`` is any seekable binary file object (an ``UploadedFile``, ``File``, ``BytesIO``); it is left
    at position 0.
    """
    head = _read(upload)
    kind = TYPE_NAMES.get(ext, ext.upper())
    if head.startswith(PROGRAMS):
        return _("This file is a program, not a document: it is not accepted.")
    if ext in ("docx", "xlsx", "doc", "xls") and head.startswith(OLE2) and _is_encrypted_office(upload):
        return _("The file is protected by a password: remove the password, save it and upload it again.")
    mismatch = _("The file is named .%(ext)s but its content is not a %(type)s file.") % {"ext": ext, "type": kind}
    if ext == "pdf":
        if not head.startswith(PDF):
            return mismatch
        lowered = head.lower()
        if any(marker in lowered for marker in WEB_MARKERS):
            return _("The file is named .pdf but contains a web page or a script: it is not accepted.")
        return None
    if ext in ("jpg", "jpeg"):
        return None if head.startswith(JPEG) else mismatch
    if ext == "png":
        return None if head.startswith(PNG) else mismatch
    if ext in ("doc", "xls"):
        return None if head.startswith(OLE2) else mismatch
    if ext in OOXML_PARTS or ext in ODF_TYPES:
        if not head.startswith(ZIP):
            return mismatch
        names, mimetype = _zip_members(upload)
        if names is None:
            return mismatch
        if ext in OOXML_PARTS:
            prefix = OOXML_PARTS[ext]
            if "[Content_Types].xml" not in names or not any(n.startswith(prefix) for n in names):
                return _("The file is named .%(ext)s but is a ZIP archive of something else, not a %(type)s "
                         "document.") % {"ext": ext, "type": kind}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return _("The file contains macros: save it as a plain .%(ext)s without macros and upload it "
                         "again.") % {"ext": ext}
            return None
        if mimetype != ODF_TYPES[ext]:
            return _("The file is named .%(ext)s but is a ZIP archive of something else, not a %(type)s "
                     "document.") % {"ext": ext, "type": kind}
        return None
    return mismatch  # an allowed extension without a known signature: refuse rather than trust the name


def _size(upload):
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return size


def _megabytes(limit):
    return f"{limit / 1024 / 1024:g}".replace(".", ",")


def problem(upload, kind="document", limit=None):
    """The reason ``upload`` is refused (translated), or ``None`` when it is accepted. No exception."""
    if upload is None or not getattr(upload, "name", None):
        return _("Choose a file.")
    allowed = extensions(kind)
    ext = extension(upload.name)
    if ext not in allowed:
        return _("Files of type “%(ext)s” are not accepted. Accepted: %(list)s.") % {
            "ext": ext or "?", "list": ", ".join(allowed)}
    size = _size(upload)
    if size == 0:
        return _("The file is empty.")
    limit = max_bytes() if limit is None else limit
    if size > limit:
        return _("The file is larger than %(mb)s MB.") % {"mb": _megabytes(limit)}
    reason = sniff(upload, ext)
    if reason is None and kind == "spreadsheet":
        reason = _xlsx_bounds(upload)
    return reason


def validate_upload(upload, kind="document", field="file", max_bytes=None):
    """For services: raise ``DomainError(message, field=field)`` unless ``upload`` is acceptable for
    ``kind``; return its clean original name (to store in an ``original_name`` field)."""
    reason = problem(upload, kind, max_bytes)
    if reason is not None:
        raise DomainError(reason, field=field)
    return original_name(upload.name)


@deconstructible
class UploadValidator:
    """For model ``FileField(validators=[UploadValidator("document")])`` and form fields: the same check,
    raising ``ValidationError``. A file already in storage (not a new upload) is not read again."""

    def __init__(self, kind="document", max_bytes=None):
        extensions(kind)  # fail early on a typo
        self.kind = kind
        self.max_bytes = max_bytes

    def __call__(self, value):
        if not value:
            return
        if getattr(value, "_committed", False):  # a FieldFile already stored: checked when it came in
            return
        upload = getattr(value, "file", None) if hasattr(value, "field") else value
        if upload is None:
            return
        reason = problem(upload, self.kind, self.max_bytes)
        if reason is not None:
            raise ValidationError(reason, code="upload")

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kind, self.max_bytes) == (other.kind, other.max_bytes)

    def __hash__(self):
        return hash((self.kind, self.max_bytes))


class UploadField(forms.FileField):
    """A form's file input with the upload check: ``UploadField(kind="spreadsheet", label=...)``.

    The browser's file chooser offers the allowed extensions only (``accept``); the server checks them,
    the size and the content all the same.
    """

    def __init__(self, *args, kind="document", max_bytes=None, **kwargs):
        self.kind = kind
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        self.validators.append(UploadValidator(kind, max_bytes))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join("." + ext for ext in extensions(self.kind))
        return attrs


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiUploadField(UploadField):
    """Several files on one input (``<input type=file multiple>``), each checked like ``UploadField``;
    cleans to a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(d, initial) for d in data if d]
            if not files and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return files
        return [single(data, initial)] if data or self.required else []


def random_name(prefix, filename, today=None):
    """``"<prefix>/<yyyy>/<mm>/<uuid4 hex><.ext>"`` (extension lower-cased; the original name is not kept
    here: store it in the model's ``original_name`` field)."""
    today = today or timezone.localdate()
    ext = extension(filename)
    suffix = f".{ext}" if ext else ""
    return f"{prefix.strip('/')}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{suffix}"


@deconstructible
class RandomName:
    """``upload_to=RandomName("pledges/evidence")``: a random stored name under a dated folder."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        return random_name(self.prefix, filename)

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.prefix == other.prefix

    def __hash__(self):
        return hash(self.prefix)


def upload_to(prefix):
    """Same as ``RandomName(prefix)``: ``models.FileField(upload_to=upload_to("campaigns/documents"))``."""
    return RandomName(prefix)
