from django import forms

from .models import CertificateBlank


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
