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
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
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
    try:
        handle = fieldfile.storage.open(name, "rb")
    except (OSError, ValueError) as exc:  # gone, unreadable, or a name the storage refuses: not there
        raise MissingFile from exc
    filename = filename or os.path.basename(name)
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return _attachment(FileResponse(handle, content_type=content_type), filename)


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
