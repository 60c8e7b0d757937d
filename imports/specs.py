"""The columns of each import kind, and how one cell is read into a Python value.

Headers are translated labels (English msgids, Vietnamese in the catalogue). A file's header matches
a column when its diacritic-folded text equals the folded Vietnamese or English label or an alias,
so "Ho va ten", "HỌ VÀ TÊN " and "Họ và tên" are the same column.

What the import owns is the reading: which column is which, an Excel cell → a Python value (dates typed
as text, amounts written the Vietnamese way, a CCCD typed as a number, the Vietnamese words of choices).
What a value may be is the model's rule, not a copy of it: a column that holds a model field names it
(``field="emulation.Person.full_name"``), and every value read goes through that field's own validation
(``Field.clean``: its choices, ``max_length``, range, blank), the same as a hand-entry form or
``full_clean``. Whether the column is required and which values a choice column offers come from the
field too. Row-level rules of the services (an award type for individuals or collectives, …) are called
by the engine (``imports.engine``).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl.utils.datetime import from_excel

from awards.enums import AppraisalRating, AwardMethod, InitiativeLevel
from emulation.enums import Gender, PersonCategory, UnitKind
from emulation.text import search_key

from .enums import ImportKind
from .xlsx import FORMULA_WITHOUT_VALUE, CellError

TEXT, CODE, INT, YEAR, MONEY, DATE, CHOICE, BOOL, CCCD, LIST = (
    "text", "code", "int", "year", "money", "date", "choice", "bool", "cccd", "list",
)

# Vietnamese words found in provinces' own files, accepted beside the labels of the choices.
CHOICE_ALIASES = {
    "gender": {"nam": Gender.MALE, "nu": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE},
    "rating": {
        "hoan thanh xuat sac nhiem vu": AppraisalRating.EXCELLENT, "hoan thanh xuat sac": AppraisalRating.EXCELLENT,
        "htxsnv": AppraisalRating.EXCELLENT, "htxs": AppraisalRating.EXCELLENT,
        "hoan thanh tot nhiem vu": AppraisalRating.GOOD, "hoan thanh tot": AppraisalRating.GOOD,
        "httnv": AppraisalRating.GOOD, "htt": AppraisalRating.GOOD,
        "hoan thanh nhiem vu": AppraisalRating.COMPLETED, "hoan thanh": AppraisalRating.COMPLETED,
        "htnv": AppraisalRating.COMPLETED,
        "khong hoan thanh nhiem vu": AppraisalRating.NOT_COMPLETED, "khong hoan thanh": AppraisalRating.NOT_COMPLETED,
        "khtnv": AppraisalRating.NOT_COMPLETED,
    },
    "level": {
        "co so": InitiativeLevel.GRASSROOTS,
        "cap co so": InitiativeLevel.GRASSROOTS, "tinh": InitiativeLevel.PROVINCIAL,
        "cap tinh": InitiativeLevel.PROVINCIAL, "toan quoc": InitiativeLevel.NATIONAL,
        "cap toan quoc": InitiativeLevel.NATIONAL, "trung uong": InitiativeLevel.NATIONAL,
    },
    "method": {
        "thuong xuyen": AwardMethod.REGULAR, "tong ket nam": AwardMethod.REGULAR,
        "chuyen de": AwardMethod.THEMATIC, "theo chuyen de": AwardMethod.THEMATIC,
        "dot xuat": AwardMethod.EXTRAORDINARY,
        "qua trinh cong hien": AwardMethod.CONTRIBUTION, "nien han": AwardMethod.SENIORITY,
        "theo nien han": AwardMethod.SENIORITY, "doi ngoai": AwardMethod.FOREIGN,
    },
    "category": {},
    "kind": {},
}

TRUE_WORDS = {"co", "x", "yes", "true", "1", "dang", "dang cong tac", "dang hoat dong", "c"}
FALSE_WORDS = {"khong", "no", "false", "0", "nghi", "da nghi", "k"}


@dataclass(eq=False)
class Column:
    key: str
    label: object  # lazy translated header
    type: str = TEXT
    required: bool | None = None  # None: required when the model field is (not blank); else the column's own
    field: str | None = None  # "app_label.Model.field": the model field whose validation every value goes through
    example: object = None
    help: object = ""
    aliases: tuple = ()
    width: int = 18

    @cached_property
    def model_field(self):
        if not self.field:
            return None
        model, name = self.field.rsplit(".", 1)
        return apps.get_model(model)._meta.get_field(name)

    @property
    def is_required(self):
        if self.required is not None:
            return self.required
        return self.model_field is not None and not self.model_field.blank

    @property
    def choices(self):
        """``[(value, label)]`` of a choice column: the model field's choices."""
        return list(self.model_field.flatchoices)

    def choice_label(self, value):
        return dict(self.choices).get(value, value)

    def validate(self, value):
        """``value`` through the model field's own validation; ``CellProblem`` (Vietnamese) when it refuses."""
        model_field = self.model_field
        if model_field is None:
            return value
        try:
            model_field.clean(value, None)
        except ValidationError as exc:
            raise CellProblem(" ".join(_field_message(self, value, e) for e in exc.error_list)) from None
        return value


def _field_message(column, value, error):
    """A model field's refusal as the import words it (the limits are the field's own)."""
    params = error.params or {}
    if error.code == "max_length":
        return _("Too long: at most %(n)s characters.") % {"n": params.get("limit_value")}
    if error.code == "invalid_choice":
        labels = ", ".join(str(label) for _v, label in column.choices)
        return _("“%(value)s” is not one of: %(labels)s.") % {"value": clean_text(value), "labels": labels}
    return " ".join(error.messages)


@dataclass
class Spec:
    kind: str
    sheet: object  # lazy translated sheet name
    columns: list = field(default_factory=list)

    @property
    def by_key(self):
        return {c.key: c for c in self.columns}


def _person_columns(name_required=None):
    """The columns naming a person: the person's own fields (people), or how a row finds them (others)."""
    return [
        Column("full_name", pgettext_lazy("import column", "Full name"), required=name_required,
               field="emulation.Person.full_name", example="Nguyễn Văn An",
               aliases=("ho ten", "ten", "ten can bo"), width=26),
        Column("cccd", pgettext_lazy("import column", "CCCD number"), CCCD, required=False,
               field="emulation.Person.cccd", example="001085012345",
               help=gettext_lazy("12 digits. Typed as text so the leading zero stays."),
               aliases=("cccd", "so cccd", "so can cuoc", "so can cuoc cong dan", "so cmnd/cccd", "cmnd/cccd"),
               width=15),
        Column("staff_code", pgettext_lazy("import column", "Staff code"), CODE, required=False,
               field="emulation.Person.staff_code", example="NV0001",
               aliases=("ma cb", "ma nhan vien", "ma so can bo"), width=12),
    ]


UNIT_CODE = dict(aliases=("ma don vi", "don vi", "ma dv"), width=12)

SPECS = {
    ImportKind.UNITS: Spec(ImportKind.UNITS, pgettext_lazy("import sheet", "Units"), [
        Column("code", pgettext_lazy("import column", "Unit code"), CODE, field="emulation.Unit.code",
               example="SNV", **UNIT_CODE),
        Column("name", pgettext_lazy("import column", "Unit name"), field="emulation.Unit.name",
               example="Sở Nội vụ", width=40, aliases=("ten don vi", "ten co quan, don vi")),
        Column("short_name", pgettext_lazy("import column", "Short name"), field="emulation.Unit.short_name",
               example="Sở Nội vụ", aliases=("ten tat",)),
        Column("kind", pgettext_lazy("import column", "Unit type"), CHOICE, required=False,
               field="emulation.Unit.kind", example=UnitKind.DEPARTMENT, width=30),
        Column("parent", pgettext_lazy("import column", "Parent unit code"), CODE, field="emulation.Unit.code",
               required=False, example="UBND",
               help=gettext_lazy("Empty for a top-level unit."), aliases=("don vi cap tren", "ma cap tren")),
        Column("is_active", pgettext_lazy("import column", "Active"), BOOL, required=False,
               field="emulation.Unit.is_active", example=True, width=10),
    ]),
    ImportKind.PEOPLE: Spec(ImportKind.PEOPLE, pgettext_lazy("import sheet", "People"), [
        *_person_columns(),
        Column("date_of_birth", pgettext_lazy("import column", "Date of birth"), DATE,
               field="emulation.Person.date_of_birth", example=datetime.date(1985, 5, 17),
               help=gettext_lazy("dd/mm/yyyy"), aliases=("ngay thang nam sinh", "sinh ngay"), width=12),
        Column("gender", pgettext_lazy("import column", "Gender"), CHOICE, field="emulation.Person.gender",
               example=Gender.MALE, width=9),
        Column("unit", pgettext_lazy("import column", "Unit code"), CODE, required=True, example="SNV", **UNIT_CODE),
        Column("position", pgettext_lazy("import column", "Position"), field="emulation.Person.position",
               example="Chuyên viên", aliases=("chuc danh",)),
        Column("category", pgettext_lazy("import column", "Statistical category"), CHOICE, required=False,
               field="emulation.Person.category", example=PersonCategory.WORKER, width=30),
        Column("is_active", pgettext_lazy("import column", "Still working"), BOOL, required=False,
               field="emulation.Person.is_active", example=True, width=10),
    ]),
    ImportKind.APPRAISALS: Spec(ImportKind.APPRAISALS, pgettext_lazy("import sheet", "Appraisals"), [
        Column("year", pgettext_lazy("import column", "Year"), YEAR, field="awards.Appraisal.year", example=2024,
               width=8),
        Column("unit", pgettext_lazy("import column", "Unit code"), CODE, required=True, example="SNV",
               help=gettext_lazy("The unit appraised, or the person's unit."), **UNIT_CODE),
        *_person_columns(False),
        Column("rating", pgettext_lazy("import column", "Rating"), CHOICE, field="awards.Appraisal.rating",
               example=AppraisalRating.EXCELLENT, aliases=("xep loai", "muc xep loai"), width=30),
        Column("note", pgettext_lazy("import column", "Note"), field="awards.Appraisal.note", example=""),
    ]),
    ImportKind.INITIATIVES: Spec(ImportKind.INITIATIVES, pgettext_lazy("import sheet", "Initiatives"), [
        Column("title", pgettext_lazy("import column", "Initiative title"), field="awards.Initiative.title",
               example="Số hóa hồ sơ khen thưởng", aliases=("sang kien", "ten sang kien"), width=40),
        Column("year", pgettext_lazy("import column", "Year"), YEAR, field="awards.Initiative.year", example=2024,
               width=8),
        Column("unit", pgettext_lazy("import column", "Unit code"), CODE, required=True, example="SNV", **UNIT_CODE),
        Column("level", pgettext_lazy("import column", "Recognised level"), CHOICE, field="awards.Initiative.level",
               example=InitiativeLevel.GRASSROOTS, aliases=("cap",)),
        Column("authors", pgettext_lazy("import column", "Authors"), LIST, example="001085012345; NV0002",
               help=gettext_lazy("CCCD numbers, staff codes or full names of people of the unit, separated by “;”."),
               aliases=("tac gia", "dong tac gia"), width=30),
        Column("decision_number", pgettext_lazy("import column", "Decision number"),
               field="awards.Initiative.decision_number", example="15/QĐ-SNV",
               aliases=("so qd", "so quyet dinh cong nhan")),
        Column("decision_date", pgettext_lazy("import column", "Decision date"), DATE,
               field="awards.Initiative.decision_date", example=datetime.date(2024, 12, 20),
               aliases=("ngay qd",), width=12),
        Column("decision_body", pgettext_lazy("import column", "Recognising body"),
               field="awards.Initiative.decision_body", example="Sở Nội vụ"),
        Column("description", pgettext_lazy("import column", "Description"), field="awards.Initiative.description",
               example=""),
    ]),
    ImportKind.AWARDS: Spec(ImportKind.AWARDS, pgettext_lazy("import sheet", "Past awards"), [
        Column("award_code", pgettext_lazy("import column", "Award code"), CODE, required=False,
               field="awards.AwardType.code", example="LDTT",
               help=gettext_lazy("The code of the catalogue; either the code or the name is enough."),
               aliases=("ma danh hieu", "ma hinh thuc"), width=12),
        Column("award_name", pgettext_lazy("import column", "Title or form of award"), required=False,
               field="awards.AwardType.name", example="Lao động tiên tiến",
               aliases=("danh hieu", "hinh thuc khen thuong", "danh hieu/hinh thuc", "ten danh hieu"), width=32),
        Column("year", pgettext_lazy("import column", "Year of achievement"), YEAR, field="awards.Award.year",
               example=2024, aliases=("nam", "year"), width=8),
        Column("unit", pgettext_lazy("import column", "Unit code"), CODE, required=True, example="SNV",
               help=gettext_lazy("The collective awarded, or the person's unit at the time."), **UNIT_CODE),
        *_person_columns(False),
        Column("method", pgettext_lazy("import column", "Award method"), CHOICE, required=False,
               field="awards.Award.method", example=AwardMethod.REGULAR,
               aliases=("hinh thuc to chuc khen thuong",), width=24),
        Column("decision_number", pgettext_lazy("import column", "Decision number"),
               field="awards.Award.decision_number", example="123/QĐ-UBND", aliases=("so qd",)),
        Column("decision_date", pgettext_lazy("import column", "Decision date"), DATE,
               field="awards.Award.decision_date", example=datetime.date(2025, 1, 15),
               aliases=("ngay qd",), width=12),
        Column("decision_authority", pgettext_lazy("import column", "Issuing authority"),
               field="awards.Award.decision_authority", example="UBND tỉnh",
               aliases=("co quan quyet dinh", "cap khen")),
        Column("decision_signer", pgettext_lazy("import column", "Signed by"), field="awards.Award.decision_signer",
               example="", aliases=("nguoi ky",)),
        Column("amount", pgettext_lazy("import column", "Reward amount (VND)"), MONEY, field="awards.Award.amount",
               example=1_170_000, aliases=("so tien", "tien thuong")),
        Column("note", pgettext_lazy("import column", "Note"), field="awards.Award.note", example=""),
    ]),
}


def column_labels(kind):
    """``{column key: label}`` of a kind's columns, in the active language (the template's headers)."""
    return {c.key: str(c.label) for c in SPECS[kind].columns}


def labelled_changes(kind, changes):
    """The preview's changes with each changed field named by its column header, not its code name."""
    labels = column_labels(kind)
    return [{**c, "diff": {labels.get(k, k): v for k, v in (c.get("diff") or {}).items()}} for c in changes]


def header_keys(column):
    """The folded texts a header cell may have to name ``column``."""
    keys = {search_key(column.key.replace("_", " "))}
    for lang in ("vi", "en"):
        with translation.override(lang):
            keys.add(search_key(str(column.label)))
    keys.update(search_key(a) for a in column.aliases)
    return keys


def sheet_keys(spec):
    keys = set()
    for lang in ("vi", "en"):
        with translation.override(lang):
            keys.add(search_key(str(spec.sheet)))
    return keys


def choice_map(column):
    """Folded text -> value for a choice column: values, labels in both languages, aliases."""
    out = {}
    for value, label in column.choices:
        out[search_key(value)] = value
        for lang in ("en", "vi"):
            with translation.override(lang):
                out[search_key(str(label))] = value
    out.update(CHOICE_ALIASES.get(column.key, {}))
    return out


# Cell cleaning -------------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONEY_JUNK = re.compile(r"(?i)\s|đồng|vnđ|vnd|đ")


class CellProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def clean_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def clean_cell(column, value, choices=None):
    """The Python value of one non-blank cell, read and then validated by its model field, or ``CellProblem``
    with a Vietnamese message."""
    return column.validate(read_cell(column, value, choices))


def read_cell(column, value, choices=None):
    """An Excel cell → a Python value (the import's own reading; the model's rules come after)."""
    if value is FORMULA_WITHOUT_VALUE:
        raise CellProblem(_("A formula without a computed value: open the file in Excel, let it calculate "
                            "and save it, or type the value."))
    if isinstance(value, CellError):
        raise CellProblem(_("The cell shows the error %(code)s.") % {"code": value.code})
    kind = column.type
    if kind in (TEXT, CODE):
        return clean_text(value)
    if kind == LIST:
        return [t for t in (clean_text(p) for p in re.split(r"[;\n]", str(value))) if t]
    if kind in (INT, YEAR):
        number = _whole_number(value)
        if number is None:
            raise CellProblem(_("“%(value)s” is not a whole number.") % {"value": clean_text(value)})
        if kind == YEAR and not 1945 <= number <= 2100:
            raise CellProblem(_("%(value)s is not a plausible year.") % {"value": number})
        return number
    if kind == MONEY:
        number = read_amount(value)
        if number is None and isinstance(value, str) and re.fullmatch(r"[\d.,]+", _MONEY_JUNK.sub("", value)):
            raise CellProblem(_("“%(value)s” is not an amount in VND that can be read without doubt: write it "
                                "as 1.170.000 or 1170000.") % {"value": clean_text(value)})
        if number is None or number < 0:
            raise CellProblem(_("“%(value)s” is not an amount in VND.") % {"value": clean_text(value)})
        return number
    if kind == DATE:
        found = _date(value)
        if found is None:
            raise CellProblem(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": clean_text(value)})
        return found
    if kind == CHOICE:
        found = choices.get(search_key(clean_text(value)))
        if found is None:
            labels = ", ".join(str(label) for _v, label in column.choices)
            raise CellProblem(_("“%(value)s” is not one of: %(labels)s.") % {"value": clean_text(value),
                                                                           "labels": labels})
        return found
    if kind == BOOL:
        if isinstance(value, bool):
            return value
        key = search_key(clean_text(value))
        if key in TRUE_WORDS:
            return True
        if key in FALSE_WORDS:
            return False
        raise CellProblem(_("“%(value)s” is not “Yes” or “No”.") % {"value": clean_text(value)})
    if kind == CCCD:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = _whole_number(value)
            text = str(number).zfill(12) if number is not None and 0 < number < 10**12 else str(value)
        else:
            text = re.sub(r"[\s.\-]", "", clean_text(value))
        if not (len(text) == 12 and text.isdigit()):
            raise CellProblem(_("“%(value)s” is not a CCCD number (12 digits).") % {"value": clean_text(value)})
        return text
    raise ValueError(kind)


_GROUPED_DOTS = re.compile(r"\d{1,3}(\.\d{3})+")
_GROUPED_COMMAS = re.compile(r"\d{1,3}(,\d{3})+")


def read_amount(value):
    """A whole amount in VND from a cell, or None when it cannot be read without doubt.

    Numbers are taken as they are. Text: "1.170.000,00", "1.170.000 đ", "1,170,000", "1.170.000" and
    "1170000" all read 1170000 (dots group thousands and a comma starts the decimals, the Vietnamese way,
    or commas group thousands). "1,170" or "1.17" could be a thousand or a fraction: refused.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _whole_number(value)
    text = _MONEY_JUNK.sub("", str(value))
    if re.fullmatch(r"\d+", text):
        return int(text)
    whole, decimals = text, ""
    m = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})", text)
    if m:  # Vietnamese: thousands dots (or none) and a decimal comma
        whole, decimals = m.group(1), m.group(2)
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d{1,2}", text):  # English: thousands commas, decimal point
        whole, decimals = text.rsplit(".", 1)
    if decimals and int(decimals):
        return None  # đồng have no fractions
    if re.fullmatch(r"\d+", whole):
        return int(whole)
    if _GROUPED_DOTS.fullmatch(whole):  # dots group thousands in Vietnam: "170.000", "1.170.000"
        return int(whole.replace(".", ""))
    if _GROUPED_COMMAS.fullmatch(whole) and (whole.count(",") >= 2 or decimals):  # "1,170,000"; not "1,170"
        return int(whole.replace(",", ""))
    return None


def _whole_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = clean_text(value)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else None


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial number in a cell not formatted as a date
            return from_excel(value).date()
        return None
    text = clean_text(value)
    m = _DATE_TEXT.fullmatch(text) or _DATE_TEXT.fullmatch(text.split(" ")[0])
    try:
        if m:
            return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _ISO_TEXT.fullmatch(text.split(" ")[0].split("T")[0])
        if m:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None
