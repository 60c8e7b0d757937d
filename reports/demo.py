"""Demo data of the reports app: the letterhead printed on report documents (idempotent)."""

from .models import Letterhead


def load(ctx):
    if Letterhead.objects.exists():
        return
    Letterhead.objects.create(
        parent_body="UBND tỉnh Bình Phước",
        issuing_body="Ban Thi đua – Khen thưởng",
        symbol="BC-BTĐKT",
        place="Bình Phước",
        signer_capacity="KT. Trưởng ban",
        signer_title="Phó Trưởng ban",
        signer_name="Nguyễn Văn Mẫu",
        recipients="Thường trực Hội đồng TĐKT tỉnh;\nCác khối thi đua;\nLãnh đạo Ban",
    )
