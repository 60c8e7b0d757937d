"""``DomainError`` and the one way to show it to the user.

A service refuses a change by raising ``DomainError(message, field=None)``: the message is translated and
safe to show; ``field`` names the form field it concerns, if any. A view shows it in one of three ways,
all going through ``report_error()``:

- a form view runs the service through ``apply_service(form, fn, *args, **kwargs)``: the message lands on
  ``form[exc.field]`` (or on the form as a whole) and the result is ``None``, so the view re-renders::

      result = apply_service(form, services.update_unit, unit, request.user, **data)
      if result is not None:
          return redirect(result)

- a view that catches the error itself calls ``report_error(request, exc, form=None)``: on the form when one is
  given, otherwise as a ``messages.error``::

      try:
          services.save_report(pledge, request.user, unit, items)
      except DomainError as exc:
          report_error(request, exc)

- a plain POST action lets the error escape: ``emulation.middleware.DomainErrorMiddleware`` calls
  ``report_error(request, exc)`` and redirects back.

Do not write ``messages.error(request, exc.message)`` or ``form.add_error(...)`` for a ``DomainError``
by hand.
"""

from django.contrib import messages


class DomainError(Exception):
    """A rule of the domain refused a change. The message is translated and safe to show."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


def report_error(request, exc, form=None):
    """Show ``exc`` (a ``DomainError``) to the user: on ``form`` (on ``exc.field`` when the form has that
    field, else as a form-wide error) or, without a form, as an error message of the next page."""
    if form is not None:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
    else:
        messages.error(request, str(exc.message))


def apply_service(form, fn, *args, **kwargs):
    """Run a service for a valid form; a DomainError becomes a form error (``report_error``). Returns the result,
    or ``None`` when the service refused."""
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        report_error(None, exc, form=form)
        return None
