"""The fields a digitally signed object keeps. Abstract: no table in the core."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.uploads import RandomName


class SignedDocument(models.Model):
    """The signed PDF (written once, never overwritten) and who signed it, when, with which certificate."""

    signed_pdf = models.FileField(_("digitally signed PDF"), upload_to=RandomName("signed"), max_length=255,
                                  blank=True, editable=False)
    signed_pdf_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", editable=False, verbose_name=_("digitally signed by"))
    signed_pdf_at = models.DateTimeField(_("digitally signed at"), null=True, blank=True, editable=False)
    signature_subject = models.CharField(_("certificate subject"), max_length=500, blank=True, editable=False)
    signature_serial = models.CharField(_("certificate serial number"), max_length=100, blank=True,
                                        editable=False)
    signature_issuer = models.CharField(_("certificate issuer"), max_length=500, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_digitally_signed(self):
        return bool(self.signed_pdf)

    def signature_fields(self):
        return ["signed_pdf", "signed_pdf_by", "signed_pdf_at", "signature_subject", "signature_serial",
                "signature_issuer"]

    def record_signature(self, signed, actor, name):
        """Keep ``signed`` (a ``SignedPdf``) under ``name``; the caller saves ``signature_fields()`` and logs."""
        if self.signed_pdf:
            raise ValueError("a signed file is never overwritten")
        self.signed_pdf.save(name, signed.as_file(), save=False)
        self.signed_pdf_by = actor
        self.signed_pdf_at = signed.signed_at
        self.signature_subject = signed.subject[:500]
        self.signature_serial = signed.serial[:100]
        self.signature_issuer = signed.issuer[:500]
