"""Excel export of a tra cứu result (openpyxl)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from emulation.security import mask_cccd
from emulation.xlsx import workbook_bytes


def register_workbook(awards):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Awards")[:31]
    headers = [_("No."), _("Recipient"), _("CCCD"), _("Unit"), _("Award type"), _("Year"), _("Award method"),
               _("Campaign"), _("Decision number"), _("Decision date"), _("Signed by"), _("Issuing authority"),
               _("Reward amount (VND)"), _("Revoked"), _("Note")]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, award in enumerate(awards, start=1):
        ws.append([
            number,
            award.person.full_name if award.person_id else award.unit.name,
            mask_cccd(award.person.cccd) if award.person_id else "",  # personal data: masked in this export
            award.unit.name,
            award.award_type.name,
            award.year,
            award.get_method_display(),
            award.campaign.title if award.campaign_id else "",
            award.decision_number,
            award.decision_date,
            award.decision_signer,
            award.decision_authority,
            _("paid by the conferring level") if award.paid_by_conferring_level else award.amount,
            _("yes") if award.revoked else "",
            award.note,
        ])
        ws.cell(row=number + 1, column=10).number_format = "DD/MM/YYYY"
        ws.cell(row=number + 1, column=13).number_format = "#,##0"
    for index, width in enumerate([6, 30, 14, 30, 32, 8, 20, 30, 16, 12, 24, 28, 14, 8, 30], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)
