"""Check (and with --commit import) an .xlsx file from the shell, like the web import does.

    manage.py import_xlsx people nhan-su.xlsx --unit SNV            # check only: lists the problems
    manage.py import_xlsx awards khen-thuong.xlsx --commit --user bantdkt
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from emulation.models import Unit
from imports.enums import ImportKind
from imports.pipeline import ImportRefused, check_file, import_file


class Command(BaseCommand):
    help = "Check an Excel file of units, people, appraisals, initiatives or past awards; --commit imports it."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")
        parser.add_argument("--unit", help="Code of the unit the rows must belong to (with its sub-units).")
        parser.add_argument("--commit", action="store_true", help="Import when the file has no errors.")
        parser.add_argument("--user", help="Username recorded as the actor in the activity log.")

    def handle(self, *args, kind, file, unit=None, commit=False, user=None, **options):
        scope = None
        if unit:
            scope = Unit.objects.filter(code=unit).first()
            if scope is None:
                raise CommandError(f"Unknown unit code {unit}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Unknown user {user}")
        try:
            with open(file, "rb") as fh:
                if commit:
                    checked = import_file(fh, kind, scope, actor=actor)
                else:
                    checked = check_file(fh, kind, scope)
        except FileNotFoundError as exc:
            raise CommandError(str(exc))
        except ImportRefused as refused:
            self.report(refused.checked)
            raise CommandError("The file has errors: nothing was imported.")
        self.report(checked)
        if not checked.ok:
            raise CommandError("The file has errors.")
        counts = checked.counts()
        verb = "Imported" if commit else "Checked (nothing written; add --commit to import)"
        self.stdout.write(self.style.SUCCESS(
            f"{verb}: {counts['create']} new, {counts['update']} changed, {counts['unchanged']} unchanged."))

    def report(self, checked):
        for message in checked.report.file_errors:
            self.stderr.write(f"ERROR: {message}")
        for p in checked.report.sorted_problems():
            level = "ERROR" if p["level"] == "error" else "WARNING"
            self.stderr.write(f"{level} row {p['row']} [{p['column'] or '-'}]: {p['message']}")
