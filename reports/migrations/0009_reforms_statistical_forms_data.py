"""The forms of the state's statistical reporting on emulation and commendation (the 06xx series of the Ministry
of Home Affairs' circular on statistical reporting of the home-affairs sector). Neither the circular's number and
date nor the form codes were checked against a published text (docs: shared/docs/domain.md has nothing on them):
every row is stored unconfirmed, printed "cần xác nhận", and the board corrects them in the administration site
(a newer circular is a new row from its date)."""

import datetime

from django.db import migrations

CIRCULAR = "Thông tư 03/2018/TT-BNV quy định chế độ báo cáo thống kê ngành Nội vụ (cần xác nhận)"
FROM = datetime.date(2018, 3, 6)
FORMS = [
    ("campaigns", "0601.N/BNV-TĐKT", "Số phong trào thi đua"),
    ("state", "0602.N/BNV-TĐKT", "Số lượng khen thưởng cấp Nhà nước"),
    ("provincial", "0603.N/BNV-TĐKT", "Số lượng khen thưởng cấp bộ, ban, ngành, tỉnh"),
]


def load(apps, schema_editor):
    StatisticalForm = apps.get_model("reports", "StatisticalForm")
    for key, code, title in FORMS:
        StatisticalForm.objects.get_or_create(key=key, valid_from=FROM, defaults={
            "code": code, "title": title, "legal_basis": CIRCULAR, "confirmed": False})


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_reforms_statistical_forms")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
