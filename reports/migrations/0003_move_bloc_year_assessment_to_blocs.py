# BlocYearAssessment moved to the blocs app (blocs.0004_bloc_year_assessment takes it over in the state).
# Its table keeps its name, reports_blocyearassessment, and its rows: only the migration state changes here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_bloc_year_assessment'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='BlocYearAssessment')],
            database_operations=[],
        ),
    ]
