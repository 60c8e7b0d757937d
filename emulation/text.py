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
