"""Demo data of nominations and decisions, on top of the core demo (``emulation.demo``).

- 2020: the agriculture bloc's awards of seed ``001`` as decided nominations with their decisions and
  register rows (written in bulk, as an import of past records would be): the director of the Department
  of Agriculture gave "Lao động tiên tiến" to 29 collectives and 300 individuals, "Chiến sĩ thi đua cơ sở"
  to 44 individuals and Giấy khen to 19 collectives and 244 individuals; thematic awards: 1 Kỷ niệm chương
  (Bộ Nội vụ), the province's Bằng khen to 4 collectives and 3 individuals, the director's Giấy khen to 12
  collectives. The 8 member units have 40 people each, so the collectives include sub-units
  (phòng, trạm) created here.
- 2021: open nominations in every state, built through the services (so they are logged like real work).

``load(ctx)`` is idempotent: it does nothing for a year whose demo nominations already exist.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from campaigns.enums import CampaignForm, CampaignState
from campaigns.models import Campaign
from emulation.demo import AGRI_CODES, DEMO_PASSWORD
from emulation.enums import Role, UnitKind
from emulation.models import Person, RoleAssignment, Unit

from .. import services
from ..counts import bulk_create_awards
from ..enums import (
    AwardMethod,
    DecisionState,
    DocumentKind,
    ItemOutcome,
    NominationLevel,
    NominationState,
    RecipientKind,
)
from ..models import AppraisalTimeLimit, Award, Decision, Nomination, NominationItem, SubmissionDeadline
from ..money import reward_amount

SUB_UNITS = ["Phòng Hành chính – Tổng hợp", "Phòng Kế hoạch – Kỹ thuật", "Trạm cơ sở"]
DIRECTOR = ("Giám đốc", "Lê Văn Sơn", "Sở Nông nghiệp và Phát triển nông thôn")
CHAIRMAN = ("Chủ tịch", "Trần Tuệ Hiền", "Ủy ban nhân dân tỉnh")
MINISTER = ("Bộ trưởng", "Lê Vĩnh Tân", "Bộ Nội vụ")

CAMPAIGNS = [
    ("DEMO-TDYN-2015-2020", "Phong trào thi đua yêu nước giai đoạn 2015–2020", "Ủy ban nhân dân tỉnh"),
    ("DEMO-TOMLUA", "Xây dựng và phát triển mô hình tôm – lúa trên địa bàn tỉnh", "Ủy ban nhân dân tỉnh"),
    ("DEMO-CCHC-2010-2020", "Cải cách thủ tục hành chính giai đoạn 2010–2020", "Sở Nông nghiệp và PTNT"),
    ("DEMO-VTLT", "Vì sự nghiệp Văn thư – Lưu trữ", "Bộ Nội vụ"),
]

# username, full name, unit code (clerks of agriculture units the core demo has no login for)
EXTRA_CLERKS = [
    ("channuoi", "Huỳnh Thị Mai", "CCCNTY"),
    ("cangca", "Võ Văn Hải", "BQLCC"),
    ("thuyloi", "Đặng Thị Hoa", "CCTL"),
]


def _split(total, parts):
    """``total`` spread over ``parts`` as evenly as possible, larger shares first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _sub_units(ctx):
    out = []
    for code in AGRI_CODES:
        parent = ctx["units"][code]
        for i, name in enumerate(SUB_UNITS, start=1):
            unit, _created = Unit.objects.get_or_create(
                code=f"{code}-P{i}",
                defaults={"name": f"{name} – {parent.short_name or parent.name}", "parent": parent,
                          "kind": UnitKind.OTHER},
            )
            ctx["units"][unit.code] = unit
            out.append(unit)
    return out


def _campaigns():
    out = {}
    for code, title, authority in CAMPAIGNS:
        out[code], _created = Campaign.objects.get_or_create(
            code=code,
            defaults={"title": title, "authority": authority, "form": CampaignForm.THEMATIC,
                      "state": CampaignState.CONCLUDED, "start_date": datetime.date(2015, 1, 1),
                      "end_date": datetime.date(2020, 12, 31)},
        )
    return out


def _clerks(ctx):
    User = get_user_model()
    for username, full_name, unit_code in EXTRA_CLERKS:
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _sep, last = full_name.rpartition(" ")
            # the core demo users have the same password: reuse its hash (hashing costs a second each)
            template = next(iter(ctx["users"].values()), None)
            user = User.objects.create_user(username, email=f"{username}@example.org", first_name=last,
                                            last_name=first)
            user.password = template.password if template else ""
            if not template:
                user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(user=user, role=Role.CLERK, unit=ctx["units"][unit_code])
        ctx["users"][username] = user
        ctx.setdefault("logins", []).append((username, DEMO_PASSWORD, f"clerk of {unit_code} (nominations demo)"))


class _Batch:
    """Collects nominations, items, decisions and register rows of the 2020 import, then writes them in bulk."""

    def __init__(self):
        self.nominations = []  # (Nomination, [(award_type, kind, person, unit, decision_key)])
        self.decisions = {}
        self.amounts = {}

    def decision(self, key, number, date, who):
        title, signer, authority = who
        self.decisions[key] = Decision(number=number, date=date, signer=signer, signer_title=title,
                                       authority=authority, state=DecisionState.ISSUED,
                                       issued_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9))))

    def nomination(self, unit, title, method=AwardMethod.REGULAR, campaign=None, level=NominationLevel.UNIT_HEAD,
                   submitted=datetime.date(2020, 12, 15)):
        at = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(8)))
        n = Nomination(unit=unit, title=title, year=2020, method=method, campaign=campaign, level=level,
                       state=NominationState.DECIDED, submitted_at=at, received_at=at, decided_at=at)
        rows = []
        self.nominations.append((n, rows))
        return rows

    def amount(self, award_type, kind, date):
        key = (award_type.pk, kind, date)
        if key not in self.amounts:
            self.amounts[key] = reward_amount(award_type, kind, date)
        return self.amounts[key]

    def write(self):
        Decision.objects.bulk_create(self.decisions.values())
        Nomination.objects.bulk_create([n for n, _rows in self.nominations])
        awards, items = [], []
        for n, rows in self.nominations:
            for award_type, kind, person, unit, key in rows:
                d = self.decisions[key]
                award = Award(award_type=award_type, person=person, unit=unit, recipient_kind=kind, year=2020,
                              method=n.method, campaign=n.campaign, decision_number=d.number, decision_date=d.date,
                              decision_signer=f"{d.signer_title} {d.signer}", decision_authority=d.authority,
                              amount=self.amount(award_type, kind, d.date))
                awards.append(award)
                items.append(NominationItem(
                    nomination=n, award_type=award_type, recipient_kind=kind, person=person, unit=unit,
                    summary="Hoàn thành tốt nhiệm vụ năm 2020" if n.method == AwardMethod.REGULAR
                    else f"Thành tích xuất sắc trong {n.campaign.title}",
                    verdict_eligible=True, outcome=ItemOutcome.ELIGIBLE, decision=d,
                ))
        bulk_create_awards(awards, batch_size=500)  # with their sort keys and the statistics summary
        for item, award in zip(items, awards, strict=True):
            item.award = award
        NominationItem.objects.bulk_create(items, batch_size=500)
        return len(awards)


def _load_2020(ctx, subs, campaigns):
    types = {code: services.award_type_by_code(code) for code in
             ("LDTT", "CSTDCS", "TTLDTT", "GIAY_KHEN", "BK_TINH", "KNC")}
    IND, COLL = RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE
    units = [ctx["units"][c] for c in AGRI_CODES]
    people = {u.pk: list(Person.objects.filter(unit=u).order_by("pk")) for u in units}
    collectives = units + subs  # 32
    b = _Batch()
    b.decision("ldtt", "25/QĐ-SNN", datetime.date(2021, 1, 20), DIRECTOR)
    b.decision("cstdcs", "26/QĐ-SNN", datetime.date(2021, 1, 20), DIRECTOR)
    b.decision("gk", "27/QĐ-SNN", datetime.date(2021, 1, 20), DIRECTOR)
    b.decision("knc", "1250/QĐ-BNV", datetime.date(2020, 11, 30), MINISTER)
    b.decision("bk", "2860/QĐ-UBND", datetime.date(2020, 10, 15), CHAIRMAN)
    b.decision("gk_cd", "410/QĐ-SNN", datetime.date(2020, 9, 25), DIRECTOR)

    ldtt, cstd, gk = _split(300, 8), _split(44, 8), _split(244, 8)
    ttldtt = set(c.pk for c in collectives[:29])
    gk_coll = set(c.pk for c in collectives[:19])
    for i, unit in enumerate(units):
        rows = b.nomination(unit, f"Đề nghị khen thưởng năm 2020 – {unit.short_name or unit.name}")
        staff = people[unit.pk]
        rows += [(types["LDTT"], IND, p, unit, "ldtt") for p in staff[:ldtt[i]]]
        rows += [(types["CSTDCS"], IND, p, unit, "cstdcs") for p in staff[:cstd[i]]]
        rows += [(types["GIAY_KHEN"], IND, p, unit, "gk") for p in staff[:gk[i]]]
        own = [unit] + [s for s in subs if s.parent_id == unit.pk]
        rows += [(types["TTLDTT"], COLL, None, c, "ldtt") for c in own if c.pk in ttldtt]
        rows += [(types["GIAY_KHEN"], COLL, None, c, "gk") for c in own if c.pk in gk_coll]

    snn = ctx["units"]["SNN"]
    ttkn, ttns, rph = (people[ctx["units"][c].pk] for c in ("TTKN", "TTNS", "BQLRPH"))
    thematic = AwardMethod.THEMATIC
    rows = b.nomination(snn, "Đề nghị tặng Kỷ niệm chương Vì sự nghiệp Văn thư – Lưu trữ", thematic,
                        campaigns["DEMO-VTLT"], NominationLevel.PROVINCE, datetime.date(2020, 9, 1))
    rows.append((types["KNC"], IND, ttkn[39], ttkn[39].unit, "knc"))
    rows = b.nomination(snn, "Đề nghị tặng Bằng khen tổng kết phong trào thi đua yêu nước 2015–2020", thematic,
                        campaigns["DEMO-TDYN-2015-2020"], NominationLevel.PROVINCE, datetime.date(2020, 8, 20))
    rows += [(types["BK_TINH"], COLL, None, u, "bk") for u in units[:4]]
    rows = b.nomination(snn, "Đề nghị tặng Bằng khen mô hình tôm – lúa", thematic, campaigns["DEMO-TOMLUA"],
                        NominationLevel.PROVINCE, datetime.date(2020, 8, 20))
    rows += [(types["BK_TINH"], IND, p, p.unit, "bk") for p in (ttkn[0], ttns[0], rph[0])]
    rows = b.nomination(snn, "Đề nghị tặng Giấy khen cải cách thủ tục hành chính 2010–2020", thematic,
                        campaigns["DEMO-CCHC-2010-2020"], submitted=datetime.date(2020, 9, 10))
    rows += [(types["GIAY_KHEN"], COLL, None, c, "gk_cd") for c in subs[:6]]
    rows = b.nomination(snn, "Đề nghị tặng Giấy khen phong trào thi đua yêu nước 2015–2020", thematic,
                        campaigns["DEMO-TDYN-2015-2020"], submitted=datetime.date(2020, 9, 10))
    rows += [(types["GIAY_KHEN"], COLL, None, c, "gk_cd") for c in subs[6:12]]
    return b.write()


def _cover(nomination, clerk):
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER,
                          ContentFile(b"%PDF-1.4\n% to trinh (demo)\n", name="to-trinh.pdf"))


def _build_2021(clerk, unit, title, lines):
    nomination = services.create_nomination(clerk, unit, 2021, title, level=NominationLevel.UNIT_HEAD)
    staff = list(Person.objects.filter(unit=unit).order_by("pk"))
    start = 0
    for code, count in lines:
        award_type = services.award_type_by_code(code)
        if award_type.for_individuals:
            services.add_items(nomination, clerk, award_type, people=staff[start:start + count],
                               summary="Hoàn thành xuất sắc nhiệm vụ năm 2021")
            start += count
        else:
            services.add_items(nomination, clerk, award_type, units=[unit], summary="Tập thể hoàn thành tốt nhiệm vụ")
    nomination.items.filter(verdict_eligible=False).update(
        justification="Đơn vị đề nghị xem xét: hồ sơ đánh giá, xếp loại đang được bổ sung.")
    _cover(nomination, clerk)
    return nomination


def _load_2021(ctx):
    board = ctx["users"]["bantdkt"]
    u = ctx["units"]
    c = ctx["users"]
    AppraisalTimeLimit.objects.get_or_create(
        award_type=None, valid_from=datetime.date(2021, 1, 1),
        defaults={"working_days": 20, "legal_basis": "Demo: provincial practice, to be confirmed by the board"})
    SubmissionDeadline.objects.get_or_create(year=2020, method=AwardMethod.REGULAR,
                                             defaults={"deadline": datetime.date(2021, 1, 10)})

    _build_2021(c["khuyennong"], u["TTKN"], "Đề nghị khen thưởng năm 2021 (nháp)", [("LDTT", 5), ("CSTDCS", 1)])

    n = _build_2021(c["nuocsach"], u["TTNS"], "Đề nghị khen thưởng năm 2021", [("LDTT", 4), ("TTLDTT", 1)])
    services.submit_nomination(n, c["nuocsach"])

    n = _build_2021(c["channuoi"], u["CCCNTY"], "Đề nghị khen thưởng năm 2021", [("LDTT", 6), ("CSTDCS", 2)])
    n = services.submit_nomination(n, c["channuoi"])
    n = services.receive_nomination(n, board)
    overdue = datetime.date(2022, 2, 15)  # received long ago: stands out as overdue on the board's queue
    n.items.update(appraisal_due=overdue)
    Nomination.objects.filter(pk=n.pk).update(appraisal_due=overdue)

    n = _build_2021(c["cangca"], u["BQLCC"], "Đề nghị khen thưởng năm 2021", [("LDTT", 5), ("CSTDCS", 1)])
    n = services.start_appraisal(services.receive_nomination(services.submit_nomination(n, c["cangca"]), board),
                                 board)
    items = list(n.items.order_by("pk"))
    services.set_item_outcome(items[0], board, ItemOutcome.ELIGIBLE)
    services.set_item_outcome(items[-1], board, ItemOutcome.CHANGED, reason="Chưa có sáng kiến được công nhận",
                              changed_to=services.award_type_by_code("LDTT"))

    n = _build_2021(c["thuyloi"], u["CCTL"], "Đề nghị khen thưởng năm 2021", [("LDTT", 4), ("CSTDCS", 1)])
    n = services.receive_nomination(services.submit_nomination(n, c["thuyloi"]), board)
    services.return_nomination(n, board, "Thiếu biên bản họp Hội đồng thi đua – khen thưởng của đơn vị và báo cáo "
                                         "thành tích của cá nhân đề nghị Chiến sĩ thi đua cơ sở.")

    n = _build_2021(c["nuocsach"], u["TTNS"], "Đề nghị tặng Giấy khen năm 2021", [("GIAY_KHEN", 3)])
    n = services.start_appraisal(services.receive_nomination(services.submit_nomination(n, c["nuocsach"]), board),
                                 board)
    items = list(n.items.order_by("pk"))
    for item in items[:-1]:
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    services.set_item_outcome(items[-1], board, ItemOutcome.INELIGIBLE, reason="Đã được khen cùng thành tích")
    services.send_to_council(n, board)

    n = _build_2021(c["khuyennong"], u["TTKN"], "Đề nghị tặng Giấy khen năm 2021", [("GIAY_KHEN", 4)])
    n = services.start_appraisal(services.receive_nomination(services.submit_nomination(n, c["khuyennong"]),
                                                             board), board)
    for item in n.items.all():
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    n = services.send_to_council(n, board)
    title, signer, authority = DIRECTOR
    decision = services.create_decision(board, "18/QĐ-SNN", datetime.date(2022, 1, 18), signer, title, authority,
                                        items=list(n.items.all()),
                                        signed_file=ContentFile(b"%PDF-1.4\n% quyet dinh (demo)\n", name="qd.pdf"))
    services.issue_decision(decision, board)


@transaction.atomic
def load(ctx):
    subs = _sub_units(ctx)
    campaigns = _campaigns()
    _clerks(ctx)
    if not Decision.objects.filter(number="25/QĐ-SNN", date=datetime.date(2021, 1, 20)).exists():
        _load_2020(ctx, subs, campaigns)
    if not Nomination.objects.filter(year=2021, unit=ctx["units"]["TTKN"]).exists():
        _load_2021(ctx)
    return ctx
