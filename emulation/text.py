"""Text helpers: Vietnamese-insensitive search keys."""

import unicodedata


def search_key(value):
    """Lower-case ASCII form of a Vietnamese text: "Nguyễn Văn An" -> "nguyen van an".

    Works the same for precomposed and decomposed Unicode input, and folds spaces.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(text.lower().split())


def normalize_text(value):
    """NFC form with folded white space, for names typed or imported in any Unicode form."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def format_money(value):
    """2340000 -> '2.340.000 đ': the one way money is written, in pages (the ``money`` filter), PDFs, .docx files and
    the names of objects."""
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


def full_name(user):
    """A user's name in Vietnamese order, family name first: "Phạm Thị Lan" (``last_name`` holds "Phạm Thị",
    ``first_name`` "Lan"), else the user name; "" for no user.

    Django's own ``get_full_name`` puts the given name first ("Lan Phạm Thị"); ``install_vietnamese_full_name``
    makes it call this one, so the admin, e-mails and third-party templates agree with ours.
    """
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()


def install_vietnamese_full_name():
    """Point ``User.get_full_name`` at :func:`full_name` (called once from ``EmulationConfig.ready``)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415 (the app registry is ready only then)

    def get_full_name(self):
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    get_user_model().get_full_name = get_full_name
