import io
from dataclasses import dataclass

import pytest
import zxingcpp
from openpyxl import load_workbook
from pypdf import PdfReader

from awards.enums import AwardKind, AwardMethod, RecipientKind
from awards.models import AwardType
from emulation.enums import PersonCategory
from reports.models import Letterhead
from tests.factories import PersonFactory, UnitFactory
from tests.reports.factories import AwardFactory, AwardTypeFactory, make_bloc_year


def pdf_text(data):
    """All the text of a PDF, whitespace collapsed to single spaces (line breaks fall where the layout puts them)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def xlsx_rows(data, sheet_index=0):
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[sheet_index]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def file_bytes(field):
    with field.storage.open(field.name, "rb") as fh:
        return fh.read()


@dataclass
class ProvinceData:
    units: dict
    types: dict
    blocs: dict


@pytest.fixture
def letterhead(db):
    return Letterhead.objects.create(
        parent_body="UBND tỉnh Thử Nghiệm", issuing_body="Ban Thi đua – Khen thưởng", symbol="BC-BTĐKT",
        place="Thử Nghiệm", signer_capacity="KT. Trưởng ban", signer_title="Phó Trưởng ban",
        signer_name="Trần Thị Ký", recipients="UBND tỉnh;\nHội đồng TĐKT tỉnh",
    )


@pytest.fixture
def province(db, letterhead):
    """Four units (A, B in bloc K1, C in bloc K2, D in no bloc), five award types and awards of 2024 and 2025."""
    a, b = UnitFactory(name="Sở Ánh Dương", code="A"), UnitFactory(name="Sở Bình Minh", code="B")
    c, d = UnitFactory(name="Sở Cẩm Thạch", code="C"), UnitFactory(name="Xã Đông Hòa", code="D")
    k1 = make_bloc_year("K1", 2025, [a, b], name="Khối các sở kinh tế")
    k2 = make_bloc_year("K2", 2025, [c], name="Khối các sở văn hóa")
    make_bloc_year("K0", 2024, [a, b, c, d], name="Khối cũ năm trước")
    AwardType.objects.all().delete()  # a catalogue of exactly these types, not the migration's
    ldtt = AwardTypeFactory(code="LDTT", name="Lao động tiên tiến", order=1)
    cstd = AwardTypeFactory(code="CSTDCS", name="Chiến sĩ thi đua cơ sở", order=2)
    ttxs = AwardTypeFactory(code="TTLDXS", name="Tập thể lao động xuất sắc", for_individuals=False,
                            for_collectives=True, order=3)
    bk = AwardTypeFactory(code="BKUB", name="Bằng khen của Chủ tịch UBND tỉnh", kind=AwardKind.FORM,
                          for_collectives=True, order=5)
    gdvh = AwardTypeFactory(code="GDVH", name="Gia đình văn hóa", for_individuals=False, for_households=True,
                            order=7)
    AwardTypeFactory(code="OLD", name="Danh hiệu đã bỏ", is_active=False, order=9)

    def person(unit, category=PersonCategory.WORKER):
        return PersonFactory(unit=unit, category=category)

    # 2025, bloc K1
    for _i in range(3):
        AwardFactory(award_type=ldtt, person=person(a))
    AwardFactory(award_type=ldtt, person=person(b, PersonCategory.OTHER_LEADER))
    AwardFactory(award_type=cstd, person=person(a, PersonCategory.DEPARTMENT_LEADER), amount=2_340_000)
    AwardFactory(award_type=ttxs, person=None, unit=a, amount=3_510_000)
    AwardFactory(award_type=bk, person=None, unit=b, amount=7_020_000, method=AwardMethod.THEMATIC)
    AwardFactory(award_type=bk, person=person(b, PersonCategory.PROVINCIAL_LEADER), amount=3_510_000,
                 method=AwardMethod.EXTRAORDINARY)
    # 2025, bloc K2: one without a known amount, one revoked (not counted)
    AwardFactory(award_type=ldtt, person=person(c), amount=None)
    AwardFactory(award_type=cstd, person=person(c), amount=2_340_000, revoked=True)
    # 2025, no bloc: a household and a thematic collective form
    AwardFactory(award_type=gdvh, person=None, unit=d, recipient_kind=RecipientKind.HOUSEHOLD, amount=None)
    AwardFactory(award_type=bk, person=None, unit=d, amount=7_020_000, method=AwardMethod.THEMATIC)
    # 2024: not counted in 2025
    AwardFactory(award_type=ldtt, person=person(a), year=2024)
    AwardFactory(award_type=bk, person=None, unit=c, year=2024, amount=7_020_000)
    return ProvinceData(units={"A": a, "B": b, "C": c, "D": d},
                        types={"LDTT": ldtt, "CSTDCS": cstd, "TTLDXS": ttxs, "BKUB": bk, "GDVH": gdvh},
                        blocs={"K1": k1, "K2": k2})


def pdf_qr_links(data, page=None):
    """The text of every QR code printed in a PDF (or on one page), decoded back from the embedded images."""
    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages if page is None else [reader.pages[page]]
    found = []
    for p in pages:
        for image in p.images:
            found.extend(r.text for r in zxingcpp.read_barcodes(image.image.convert("L")))
    return found
