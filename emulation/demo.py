"""Demo data of the core: the units of the two seed articles, people, and one login per role.

``load_demo`` runs this first and then ``<app>.demo.load(ctx)`` for every other app that has one,
in INSTALLED_APPS order. Everything is idempotent: codes and usernames are the keys.
"""

import datetime
import random

from django.contrib.auth import get_user_model

from . import reforms
from .enums import Gender, PersonCategory, Role, UnitKind
from .enums import UnitEventKind as EventKind
from .models import Person, RoleAssignment, Unit, UnitEvent, UnitMembership

DEMO_PASSWORD = "demo12345"

# (code, name, short name, kind, parent code)
UNITS = [
    ("UBND", "Ủy ban nhân dân tỉnh", "UBND tỉnh", UnitKind.PROVINCE, None),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", UnitKind.DEPARTMENT, "UBND"),
    ("BTDKT", "Ban Thi đua – Khen thưởng tỉnh", "Ban TĐKT", UnitKind.DEPARTMENT, "SNV"),
    # Khối thi đua số 5 (seed 000)
    ("SGTVT", "Sở Giao thông vận tải", "Sở GTVT", UnitKind.DEPARTMENT, "UBND"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", UnitKind.DEPARTMENT, "UBND"),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", UnitKind.DEPARTMENT, "UBND"),
    ("LMHTX", "Liên minh Hợp tác xã tỉnh", "Liên minh HTX", UnitKind.MASS_ORGANISATION, "UBND"),
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", UnitKind.DEPARTMENT, "UBND"),
    ("VQGBGM", "Ban quản lý Vườn quốc gia Bù Gia Mập", "VQG Bù Gia Mập", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("BQLDA", "Ban quản lý dự án đầu tư xây dựng tỉnh", "BQL Dự án ĐTXD", UnitKind.PUBLIC_SERVICE, "UBND"),
    # Khối thi đua các đơn vị sự nghiệp thuộc Sở NN&PTNT (seed 001)
    ("TTKN", "Trung tâm Khuyến nông", "TT Khuyến nông", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("TTNS", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", "TT Nước sạch", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("CCCNTY", "Chi cục Chăn nuôi và Thú y", "CC Chăn nuôi Thú y", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("BQLCC", "Ban Quản lý cảng cá", "BQL Cảng cá", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("BQLRPH", "Ban Quản lý rừng phòng hộ ven biển", "BQL Rừng phòng hộ", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("CCTTBVTV", "Chi cục Trồng trọt và Bảo vệ thực vật", "CC TT&BVTV", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("CCTL", "Chi cục Thủy lợi", "CC Thủy lợi", UnitKind.PUBLIC_SERVICE, "SNN"),
    ("CCPTNT", "Chi cục Phát triển nông thôn", "CC PTNT", UnitKind.PUBLIC_SERVICE, "SNN"),
    # The district level and its communes, as they were until 30/6/2025 (closed by REFORMS below)
    ("HBGM", "Ủy ban nhân dân huyện Bù Gia Mập", "UBND huyện Bù Gia Mập", UnitKind.DISTRICT, "UBND"),
    ("XPHUNGHIA", "Ủy ban nhân dân xã Phú Nghĩa", "UBND xã Phú Nghĩa", UnitKind.COMMUNE, "HBGM"),
    ("XDAKIA", "Ủy ban nhân dân xã Đa Kia", "UBND xã Đa Kia", UnitKind.COMMUNE, "HBGM"),
    ("HPR", "Ủy ban nhân dân huyện Phú Riềng", "UBND huyện Phú Riềng", UnitKind.DISTRICT, "UBND"),
    ("XPHURIENG", "Ủy ban nhân dân xã Phú Riềng", "UBND xã Phú Riềng", UnitKind.COMMUNE, "HPR"),
    ("XPHUTRUNG", "Ủy ban nhân dân xã Phú Trung", "UBND xã Phú Trung", UnitKind.COMMUNE, "HPR"),
]
DISTRICT_CODES = ["HBGM", "HPR"]
REFORM_DATE = datetime.date(2025, 7, 1)
# The merger of two member units of the agriculture bloc (seed 001), and the end of the district level.
MERGED_CODES = ["CCTTBVTV", "CCPTNT"]
MERGED_INTO = {"code": "CCTTPTNT", "name": "Chi cục Trồng trọt, Bảo vệ thực vật và Phát triển nông thôn",
               "short_name": "CC TT, BVTV&PTNT"}
REFORM_BASIS = "Quyết định sắp xếp tổ chức bộ máy của UBND tỉnh (dữ liệu mẫu)"
DISTRICT_BASIS = "Nghị quyết 202/2025/QH15; Luật Tổ chức chính quyền địa phương 2025 (kết thúc cấp huyện)"

BLOC5_CODES = ["SGTVT", "STNMT", "SXD", "LMHTX", "VQGBGM", "BQLDA"]
AGRI_CODES = ["TTKN", "TTNS", "CCCNTY", "BQLCC", "BQLRPH", "CCTTBVTV", "CCTL", "CCPTNT"]

# username, full name, role, unit code, what the login is for
USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None, "administrator"),
    ("bantdkt", "Đỗ Thanh Tâm", Role.BOARD, None, "board officer (Ban Thi đua – Khen thưởng)"),
    ("hoidong", "Trần Văn Hội", Role.COUNCIL, None, "council member (Hội đồng TĐKT tỉnh)"),
    ("vqg", "Vương Đức Hòa", Role.CLERK, "VQGBGM", "clerk of VQG Bù Gia Mập, bloc leader of Khối thi đua số 5 (2020)"),
    ("gtvt", "Lê Thị Thu", Role.CLERK, "SGTVT", "clerk of Sở GTVT (member of Khối 5; bloc leader in 2021)"),
    ("khuyennong", "Nguyễn Văn An", Role.CLERK, "TTKN", "clerk of TT Khuyến nông, bloc leader of the agriculture bloc"),
    ("nuocsach", "Phạm Thị Lan", Role.CLERK, "TTNS", "clerk of TT Nước sạch (member of the agriculture bloc)"),
    # one login for every other member unit of both seed blocs: every unit's journey can be clicked through
    ("tnmt", "Hoàng Minh Tuấn", Role.CLERK, "STNMT", "clerk of Sở TN&MT (member of Khối 5; its deputy in 2020)"),
    ("xaydung", "Bùi Thị Hạnh", Role.CLERK, "SXD", "clerk of Sở Xây dựng (member of Khối 5)"),
    ("hoptacxa", "Đặng Văn Long", Role.CLERK, "LMHTX", "clerk of Liên minh HTX (member of Khối 5)"),
    ("duan", "Ngô Thanh Sơn", Role.CLERK, "BQLDA", "clerk of BQL Dự án ĐTXD (member of Khối 5)"),
    ("channuoi", "Võ Thị Mai", Role.CLERK, "CCCNTY", "clerk of CC Chăn nuôi Thú y (member of the agriculture bloc)"),
    ("cangca", "Huỳnh Văn Hải", Role.CLERK, "BQLCC", "clerk of BQL Cảng cá (member of the agriculture bloc)"),
    ("rungphongho", "Lý Thị Ngân", Role.CLERK, "BQLRPH",
     "clerk of BQL Rừng phòng hộ (member of the agriculture bloc)"),
    ("trongtrot", "Phan Quốc Vinh", Role.CLERK, "CCTTBVTV", "clerk of CC TT&BVTV (member of the agriculture bloc)"),
    ("thuyloi", "Dương Ngọc Anh", Role.CLERK, "CCTL", "clerk of CC Thủy lợi (member of the agriculture bloc)"),
    ("ptnt", "Trần Xuân Phúc", Role.CLERK, "CCPTNT", "clerk of CC PTNT (member of the agriculture bloc)"),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Minh", "Nam", "Phúc", "Quang", "Sơn", "Tài",
           "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Hòa"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Oanh", "Phương",
           "Quyên", "Thảo", "Trang", "Uyên", "Vân", "Yến"]
POSITIONS = [
    ("Giám đốc", PersonCategory.DEPARTMENT_LEADER),
    ("Phó Giám đốc", PersonCategory.DEPARTMENT_LEADER),
    ("Trưởng phòng", PersonCategory.OTHER_LEADER),
    ("Phó Trưởng phòng", PersonCategory.OTHER_LEADER),
]
PEOPLE_PER_UNIT = 40


def _people_for(unit, rng):
    rows = []
    for i in range(PEOPLE_PER_UNIT):
        female = rng.random() < 0.45
        name = " ".join([
            rng.choice(SURNAMES),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        ])
        position, category = POSITIONS[i] if i < len(POSITIONS) else ("Chuyên viên", PersonCategory.WORKER)
        rows.append(Person(
            full_name=name,
            gender=Gender.FEMALE if female else Gender.MALE,
            date_of_birth=datetime.date(rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28)),
            staff_code=f"{unit.code}-{i + 1:03d}",
            unit=unit,
            position=position,
            category=category,
        ))
    return rows


def load(stdout=None):
    ctx = {"units": {}, "users": {}, "logins": []}
    for code, name, short, kind, parent in UNITS:
        # created once: a later run must not undo the reforms (renames, new parents) recorded since
        unit, _created = Unit.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind,
                      "parent": ctx["units"].get(parent) if parent else None},
        )
        ctx["units"][code] = unit
    rng = random.Random(2020)
    for code in BLOC5_CODES + AGRI_CODES + ["SNN", "BTDKT"]:
        unit = ctx["units"][code]
        if unit.memberships.exists():  # people already made (they may have moved on since, e.g. by a merger)
            continue
        people = _people_for(unit, rng)
        for p in people:
            p.save()  # sets the search key
        UnitMembership.objects.bulk_create(
            [UnitMembership(person=p, unit=unit, start_date=datetime.date(2015, 1, 1), position=p.position)
             for p in people]
        )
    User = get_user_model()
    for username, full_name, role, unit_code, purpose in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _sep, last = full_name.rpartition(" ")
            user = User.objects.create_user(username, email=f"{username}@example.org", password=DEMO_PASSWORD,
                                            first_name=last, last_name=first)
        if role == Role.ADMIN and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        unit = ctx["units"][unit_code] if unit_code else None
        if unit is None or unit.valid_to is None or not user.role_assignments.exists():
            # a unit closed by the demo's reform (a second run): its clerk's role moved to the successor then
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        ctx["users"][username] = user
        ctx["logins"].append((username, DEMO_PASSWORD, purpose))
    return ctx


def load_reforms(ctx):
    """The reforms of 1/7/2025 in the demo, after every app loaded its history: the merger of two units of the
    agriculture bloc into a new one, and the district level closed on 30/6/2025 (its communes go directly under
    the province). Through ``emulation.reforms.commit_event``, as the board would; skipped when already done."""
    units, board = ctx["units"], ctx["users"]["bantdkt"]
    merged = [Unit.objects.get(pk=units[c].pk) for c in MERGED_CODES]
    if not UnitEvent.objects.filter(kind=EventKind.MERGE, predecessors=merged[0]).exists():
        reforms.commit_event(board, EventKind.MERGE, predecessors=merged, date=REFORM_DATE,
                             legal_basis=REFORM_BASIS, new_unit=dict(MERGED_INTO))
    for code in DISTRICT_CODES:
        district = Unit.objects.get(pk=units[code].pk)
        if not UnitEvent.objects.filter(kind=EventKind.DISSOLVE, predecessors=district).exists():
            reforms.commit_event(board, EventKind.DISSOLVE, unit=district, date=REFORM_DATE,
                                 legal_basis=DISTRICT_BASIS)
    units[MERGED_INTO["code"]] = Unit.objects.get(code=MERGED_INTO["code"])
