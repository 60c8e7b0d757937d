"""Demo of khen cao and revocation: a 2021 nomination of Huân chương Lao động hạng Ba for five people of the
Department of Agriculture's centres, passed by the provincial council (with the Provincial Police's concurrence),
sent up in five cover letters, one in each state (draft, sent, returned, refused, decided); and one award of the
register revoked, its money recovered, its certificate not yet. Idempotent: nothing is added when the cover
letters exist."""

import datetime

from django.core.files.base import ContentFile

from emulation.models import Person

from .. import services
from ..enums import AwardKind, AwardLevel, ConcurrenceAnswer, DocumentKind, ItemOutcome
from ..models import Award, AwardType, CouncilMeeting, UpwardSubmission

TITLE = "Đề nghị tặng Huân chương Lao động hạng Ba (khen cao)"


def _nomination(ctx, board):
    clerk, unit = ctx["users"]["khuyennong"], ctx["units"]["TTKN"]
    award_type, _created = AwardType.objects.get_or_create(code="HCLD_3", defaults={
        "name": "Huân chương Lao động hạng Ba", "kind": AwardKind.FORM, "for_individuals": True,
        "for_collectives": True, "level": AwardLevel.STATE, "authority": "Chủ tịch nước", "rule": "basic"})
    people = list(Person.objects.filter(unit=unit).order_by("-pk")[:5])
    nomination = services.create_nomination(clerk, unit, 2021, TITLE)
    services.add_items(nomination, clerk, award_type, people=people,
                       summary="Có quá trình cống hiến, thành tích xuất sắc trong công tác khuyến nông 2017–2021")
    for item in nomination.items.all():
        services.update_item(item, clerk, justification="Thành tích do Hội đồng TĐKT tỉnh xem xét")
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER,
                          ContentFile(b"%PDF-1.4\n% to trinh (demo)\n", name="to-trinh-hcld.pdf"))
    for item in nomination.items.all():
        services.add_document(nomination, clerk, DocumentKind.ACHIEVEMENT_REPORT,
                              ContentFile(b"%PDF-1.4\n% bao cao thanh tich (demo)\n", name="bao-cao-thanh-tich.pdf"),
                              item=item)
    nomination = services.submit_nomination(nomination, clerk)
    nomination = services.start_appraisal(services.receive_nomination(nomination, board), board)
    for item in nomination.items.all():
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
        for concurrence in services.ask_concurrence(item, board, ["Công an tỉnh"], datetime.date(2022, 2, 7)):
            services.record_concurrence(concurrence, board, ConcurrenceAnswer.AGREE, datetime.date(2022, 2, 14))
    if award_type.requires_posting:
        services.open_posting(nomination, board, start=datetime.date(2022, 2, 15))
    nomination = services.send_to_council(nomination, board)
    if award_type.requires_council_vote:
        meeting = CouncilMeeting.objects.order_by("-date").first() or services.create_council_meeting(
            board, datetime.date(2022, 3, 10), 11, 11, number="02/BB-HĐTĐKT")
        for item in nomination.items.all():
            services.record_vote(item, board, meeting, meeting.members_total)
    return list(nomination.items.order_by("pk"))


def _khen_cao(ctx):
    board = ctx["users"]["bantdkt"]
    items = _nomination(ctx, board)
    letters = []
    for k, item in enumerate(items, start=1):
        letters.append(services.create_upward(
            board, f"Tờ trình đề nghị tặng Huân chương Lao động hạng Ba (đợt {k})", datetime.date(2022, 3, 15),
            items=[item], number=f"{40 + k}/TTr-UBND"))
    draft, sent, returned, refused, decided = letters
    for letter in (sent, returned, refused, decided):
        services.send_upward(letter, board, datetime.date(2022, 3, 18), f"{120 + letter.pk}/VP-TĐKT")
    services.return_upward(returned, board, datetime.date(2022, 5, 4),
                           "Báo cáo thành tích chưa có xác nhận của cơ quan quản lý cấp trên; bổ sung và gửi lại.")
    services.refuse_upward(refused, board, datetime.date(2022, 5, 20),
                           "Chưa đủ thời gian cống hiến theo quy định đối với Huân chương Lao động hạng Ba.")
    services.decide_upward(decided, board, "1234/QĐ-CTN", datetime.date(2022, 8, 26), "Nguyễn Xuân Phúc",
                           "Chủ tịch nước", answered_on=datetime.date(2022, 9, 5))


def _revocation(ctx):
    board = ctx["users"]["bantdkt"]
    award = (Award.objects.filter(revoked=False, entered_manually=True, award_type__code="CSTDCS", year=2019,
                                  person__isnull=False).order_by("pk").first())
    if award is None:
        return
    services.revoke_award(award, board, "Hồ sơ đề nghị kê khai không trung thực thành tích sáng kiến.",
                          decision_number="35/QĐ-SNN", decision_date=datetime.date(2021, 6, 15),
                          authority="Sở Nông nghiệp và Phát triển nông thôn", amount_to_recover=1_490_000,
                          items_to_recover="Giấy chứng nhận Chiến sĩ thi đua cơ sở")
    services.record_recovery(award, board, money_recovered_on=datetime.date(2021, 7, 1))


def load(ctx):
    if UpwardSubmission.objects.exists() or "TTKN" not in ctx.get("units", {}):
        return ctx
    _khen_cao(ctx)
    _revocation(ctx)
    return ctx
