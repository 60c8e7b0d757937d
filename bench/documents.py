"""Time the drafted award decision with a 200-recipient annex, as PDF and .docx (python bench/documents.py [n]).

Builds the rows in memory (no database): the layout work is the renderer's, the same parts the view renders."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from emulation.text import format_money  # noqa: E402
from reports.documents import layout, render  # noqa: E402


def parts(n):
    rows = [{"section": "Bằng khen của Chủ tịch UBND tỉnh"}]
    rows += [[i + 1, layout.NoWrap(f"Nguyễn Thị Phương Thảo {i + 1}"),
              "Chuyên viên, Phòng Tổ chức cán bộ, Sở Nông nghiệp và Môi trường", format_money(1_170_000)]
             for i in range(n)]
    main = layout.part(letterhead=layout.letterhead("Ủy ban nhân dân tỉnh", "", "15", "QĐ-UBND",
                                                    "Bình Phước, ngày 20 tháng 12 năm 2024"),
                       doc_type="QUYẾT ĐỊNH", title="Về việc tặng Bằng khen", enacting="Chủ tịch UBND tỉnh",
                       blocks=[layout.para("Căn cứ Luật Thi đua, khen thưởng;", "italic"),
                               layout.para("Tặng Bằng khen ...", lead="Điều 1."),
                               layout.para("Quyết định này có hiệu lực kể từ ngày ký.", lead="Điều 3.", closing=True)],
                       foot=layout.foot([layout.signature(["KT. Chủ tịch", "Phó Chủ tịch"], "Trần Tuệ Hiền")],
                                        ["Như Điều 3;"]))
    annex = layout.part(page_break=True, doc_type="PHỤ LỤC", title="DANH SÁCH",
                        blocks=[layout.table(["STT", "Họ và tên", "Chức vụ, đơn vị", "Số tiền"], rows,
                                             [12, 58, 71, 24], numeric=[3])])
    return [main, annex]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    translation.activate("vi")
    for fmt in ("pdf", "docx"):
        start = time.perf_counter()
        data, _type = render(parts(n), "bench", fmt)
        print(f"{n} recipients, {fmt}: {time.perf_counter() - start:.2f} s, {len(data) // 1024} KiB")
