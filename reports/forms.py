from django import forms

from .models import CertificateBlank, IssuerSetting


class CertificateBlankForm(forms.ModelForm):
    class Meta:
        model = CertificateBlank
        fields = ["name", "page_width", "page_height", "font_size", "recipient_font_size", "centred",
                  "recipient_x", "recipient_y", "achievement_x", "achievement_y", "decision_x", "decision_y",
                  "place_date_x", "place_date_y", "signer_x", "signer_y", "qr_x", "qr_y", "qr_size",
                  "offset_x", "offset_y", "is_active", "note"]


class OffsetForm(forms.ModelForm):
    class Meta:
        model = CertificateBlank
        fields = ["offset_x", "offset_y"]


class IssuerSettingForm(forms.ModelForm):
    class Meta:
        model = IssuerSetting
        fields = ["issuing_body", "unit", "parent_body", "place", "enacting", "on_behalf", "capacity",
                  "signer_title", "signer_name", "bases", "addressee", "executors", "recipients", "valid_from",
                  "valid_to", "legal_basis"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "bases": forms.Textarea(attrs={"rows": 4}), "executors": forms.Textarea(attrs={"rows": 2}),
                   "recipients": forms.Textarea(attrs={"rows": 3})}
