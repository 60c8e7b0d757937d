"""One way to send a stored file to the browser: ``serve_file(request, fieldfile, filename=None)``.

The caller decides who may download, BEFORE calling: it fetches the object through its ``*_for_user()``
selector (``get_for_user_or_404(evidence_for_user(request.user), pk=pk)``: outsiders get 404) and checks
any further permission (``require_perm``: 403). Nothing is ever looked up by a bare primary key. For a
check that must run at the last moment, pass ``check=callable``: it gets the request and returns
True to allow, False to refuse with 403.

The answer is always an attachment (never rendered by the browser inside the application's origin):

- ``Content-Disposition: attachment; filename="Bien ban.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf``
  (RFC 6266/5987: the Vietnamese name for every current browser, an ASCII stand-in for the others);
- ``Content-Type`` from the file name (``application/octet-stream`` when unknown);
- ``X-Content-Type-Options: nosniff``, ``Content-Security-Policy: sandbox`` and ``Cache-Control: private``.

How the bytes travel depends on where files are stored, never on the caller:

- object storage (``STORAGE_S3_BUCKET``): a 302 to a presigned URL of the store valid for
  ``STORAGE_URL_SECONDS``, asking the store to answer with the same file name and type (the store cannot add
  the other headers; its answer comes from its own origin, not the application's);
- local disk behind nginx (``STORAGE_X_ACCEL_PREFIX``): an empty answer with ``X-Accel-Redirect`` to nginx's
  internal location, which sends the file with the headers above;
- otherwise (development) the app streams the file itself.

No gunicorn worker is held while a large file goes out, except in development.

A view that sends a stored file is decorated with ``signed_in_or_404`` instead of ``login_required``: an
anonymous request gets the same 404 as an outsider (a file URL is not a page to sign in for, and a login
redirect would tell that the file exists), while pages still send anonymous visitors to the login page.

A file that is not there (an empty field, or a name whose file has gone from storage) is a 404 whose page
says so in Vietnamese (``MissingFile``, shown by ``emulation.middleware.DomainErrorMiddleware``), never a
500. Usage::

    @signed_in_or_404
    def evidence_download(request, pk):
        evidence = get_for_user_or_404(evidence_for_user(request.user), pk=pk)
        return serve_file(request, evidence.file, evidence.original_name)
"""

import functools
import mimetypes
import os
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class MissingFile(Http404):
    """A 404 whose message is safe to show: the file a page links to is not in storage."""

    def __init__(self, message=None):
        super().__init__(message or _("The file is no longer on the server. Ask whoever attached it to upload it "
                                      "again."))
        self.message = str(self.args[0])


def signed_in_or_404(view):
    """``login_required`` for a view that sends a stored file: an anonymous request is a 404, not a redirect."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.serves_stored_file = True  # tests/emulation/test_file_access.py finds every such view by it
    return wrapper


def ascii_name(filename):
    """An ASCII stand-in for a Vietnamese file name: ``"Biên bản đợt 1.pdf"`` → ``"Bien ban dot 1.pdf"``."""
    text = str(filename).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = "".join(ch if ch.isprintable() and ch not in '"\\;' else "_" for ch in text).strip()
    return text or "file"


def content_disposition(filename, disposition="attachment"):
    """``attachment; filename="…"; filename*=UTF-8''…`` for any name."""
    name = unicodedata.normalize("NFC", str(filename)).replace("\r", " ").replace("\n", " ")
    fallback = ascii_name(name)
    if fallback == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def serve_file(request, fieldfile, filename=None, *, check=None, content_type=None):
    """A ``FileResponse`` sending ``fieldfile`` as an attachment named ``filename`` (default: the stored
    name's last part). Raises ``MissingFile`` (404) when there is no file, ``PermissionDenied`` (403) when
    ``check(request)`` is false. The caller has already fetched the object through a ``*_for_user``
    selector."""
    if check is not None and not check(request):
        raise PermissionDenied
    name = getattr(fieldfile, "name", None) or ""
    if not name:
        raise MissingFile
    storage = fieldfile.storage
    filename = filename or os.path.basename(name)
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if presigns(storage):
        _require_present(storage, name)
        return _presigned_redirect(storage, name, filename, content_type)
    if settings.STORAGE_X_ACCEL_PREFIX and isinstance(storage, FileSystemStorage):
        _require_present(storage, name)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.STORAGE_X_ACCEL_PREFIX.rstrip("/") + "/" + quote(name)
        return _attachment(response, filename)
    try:
        handle = storage.open(name, "rb")
    except (OSError, ValueError) as exc:  # gone, unreadable, or a name the storage refuses: not there
        raise MissingFile from exc
    return _attachment(FileResponse(handle, content_type=content_type), filename)


def presigns(storage):
    """Whether ``storage`` hands out signed, expiring URLs (django-storages' S3 storage)."""
    return bool(getattr(storage, "querystring_auth", False)) and hasattr(storage, "bucket_name")


def _require_present(storage, name):
    try:
        present = storage.exists(name)
    except (OSError, ValueError) as exc:  # a name the storage refuses
        raise MissingFile from exc
    if not present:
        raise MissingFile


def _public_storage(endpoint_url):
    """The default storage's twin that signs URLs for the address browsers use (signing is local: no request)."""
    config = settings.STORAGES["default"]
    return _twin(config["BACKEND"], tuple(sorted(config.get("OPTIONS", {}).items())), endpoint_url)


@lru_cache(maxsize=4)
def _twin(backend, options, endpoint_url):
    return import_string(backend)(**{**dict(options), "endpoint_url": endpoint_url})


def _presigned_redirect(storage, name, filename, content_type):
    public = settings.STORAGE_S3_PUBLIC_ENDPOINT_URL
    signer = _public_storage(public) if public else storage
    url = signer.url(name, parameters={
        "ResponseContentDisposition": content_disposition(filename),
        "ResponseContentType": content_type,
        "ResponseCacheControl": "private, no-store",
    }, expire=settings.STORAGE_URL_SECONDS)
    response = HttpResponseRedirect(url)
    # the signed URL is a short-lived key to the file: not cached, not sent on as a referrer
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _attachment(response, filename):
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private"
    return response


def serve_bytes(content, filename, content_type=None):
    """A file made on the fly (an export, a template) with the same headers as ``serve_file``: an attachment
    named ``filename``, nosniff, sandboxed, private. The caller has checked access."""
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return _attachment(HttpResponse(content, content_type=content_type), filename)
