# BlocYearAssessment moved here from the reports app (reports.0003_move_bloc_year_assessment_to_blocs drops it
# from the reports state first). The table stays as it is (db_table "reports_blocyearassessment"), so only the
# state changes, and the existing content type is renamed so the activity log entries of the assessments
# (their history tab) still point at them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODEL = "blocyearassessment"


def _move_content_type(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ActivityLog = apps.get_model("emulation", "ActivityLog")
    db = schema_editor.connection.alias
    source = ContentType.objects.using(db).filter(app_label=old, model=MODEL).first()
    if source is None:  # a fresh database: content types are made after the migrations
        return
    target = ContentType.objects.using(db).filter(app_label=new, model=MODEL).first()
    if target is None:
        source.app_label = new
        source.save(update_fields=["app_label"])
    else:  # both exist already: the log entries follow the model, the old type goes
        ActivityLog.objects.using(db).filter(content_type=source).update(content_type=target)
        source.delete()
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "reports", "blocs")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "blocs", "reports")


class Migration(migrations.Migration):

    dependencies = [
        ('blocs', '0003_default_vote_threshold'),
        ('reports', '0003_move_bloc_year_assessment_to_blocs'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('emulation', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BlocYearAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('activities', models.TextField(blank=True, help_text='The activities the bloc held together during the year.', verbose_name='common activities')),
                        ('strengths', models.TextField(blank=True, verbose_name='strengths')),
                        ('weaknesses', models.TextField(blank=True, verbose_name='weaknesses and shortcomings')),
                        ('lessons', models.TextField(blank=True, verbose_name='lessons learnt')),
                        ('directions', models.TextField(blank=True, verbose_name='directions and tasks for next year')),
                        ('recommendations', models.TextField(blank=True, verbose_name='recommendations')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('bloc_year', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='assessment', to='blocs.blocyear', verbose_name='bloc year')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'bloc year assessment',
                        'verbose_name_plural': 'bloc year assessments',
                        'db_table': 'reports_blocyearassessment',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
