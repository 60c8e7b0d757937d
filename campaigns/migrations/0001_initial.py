"""The campaign models moved here from ``emulation``: their tables stay where they are (``db_table``), so this
migration creates them in Django's state only. On a new database ``emulation`` 0002/0003 have created the
tables; on an existing one they hold the data. ``emulation`` 0004 then drops the models from its own state.
"""

import campaigns.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('blocs', '0001_initial'),
        ('emulation', '0003_campaigns'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Campaign',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=50, unique=True, verbose_name='code')),
                        ('title', models.CharField(max_length=500, verbose_name='title')),
                        ('form', models.CharField(choices=[('regular', 'Regular'), ('thematic', 'Thematic')], default='regular', max_length=20, verbose_name='form')),
                        ('authority', models.CharField(blank=True, max_length=255, verbose_name='launched by')),
                        ('scope', models.CharField(choices=[('province', 'The whole province'), ('blocs', 'One or more emulation blocs'), ('unit', 'One unit and its sub-units')], default='province', max_length=20, verbose_name='scope')),
                        ('start_date', models.DateField(blank=True, null=True, verbose_name='start date')),
                        ('end_date', models.DateField(blank=True, null=True, verbose_name='end date')),
                        ('goals', models.TextField(blank=True, verbose_name='goals')),
                        ('criteria', models.TextField(blank=True, verbose_name='criteria')),
                        ('state', models.CharField(choices=[('planned', 'Planned'), ('launched', 'Launched'), ('under_way', 'Under way'), ('mid_term', 'Mid-term review'), ('concluded', 'Concluded')], default='planned', max_length=20, verbose_name='state')),
                        ('summary', models.TextField(blank=True, verbose_name='summary of results')),
                        ('registration_deadline', models.DateField(blank=True, null=True, verbose_name='registration deadline')),
                        ('launched_at', models.DateTimeField(blank=True, null=True, verbose_name='launched at')),
                        ('concluded_at', models.DateTimeField(blank=True, null=True, verbose_name='concluded at')),
                        ('launching_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='launched_campaigns', to='emulation.unit', verbose_name='launching unit')),
                        ('scope_blocs', models.ManyToManyField(blank=True, related_name='campaigns', to='blocs.bloc', verbose_name='blocs in scope')),
                        ('scope_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='scoped_campaigns', to='emulation.unit', verbose_name='unit in scope')),
                    ],
                    options={
                        'verbose_name': 'campaign',
                        'verbose_name_plural': 'campaigns',
                        'db_table': 'emulation_campaign',
                        'ordering': ['-start_date', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='CampaignDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('file', models.FileField(max_length=300, upload_to=campaigns.models.campaign_document_path, verbose_name='file')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size (bytes)')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='campaigns.campaign', verbose_name='campaign')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'campaign document',
                        'verbose_name_plural': 'campaign documents',
                        'db_table': 'emulation_campaigndocument',
                        'ordering': ['uploaded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CampaignReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('held_on', models.DateField(blank=True, null=True, verbose_name='held on')),
                        ('findings', models.TextField(blank=True, verbose_name='findings')),
                        ('opened_at', models.DateTimeField(auto_now_add=True, verbose_name='opened at')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='campaigns.campaign', verbose_name='campaign')),
                        ('opened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='opened by')),
                    ],
                    options={
                        'verbose_name': 'mid-term review',
                        'verbose_name_plural': 'mid-term reviews',
                        'db_table': 'emulation_campaignreview',
                        'ordering': ['opened_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CampaignRegistration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('targets', models.TextField(verbose_name='targets')),
                        ('state', models.CharField(choices=[('submitted', 'Submitted'), ('returned', 'Returned for correction'), ('accepted', 'Accepted')], default='submitted', max_length=20, verbose_name='state')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('return_reason', models.TextField(blank=True, verbose_name='reason for return')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='campaigns.campaign', verbose_name='campaign')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaign_registrations', to='emulation.unit', verbose_name='unit')),
                    ],
                    options={
                        'verbose_name': 'campaign registration',
                        'verbose_name_plural': 'campaign registrations',
                        'db_table': 'emulation_campaignregistration',
                        'ordering': ['campaign', 'unit__name'],
                        'constraints': [models.UniqueConstraint(fields=('campaign', 'unit'), name='campaign_registration_unique')],
                    },
                ),
            ],
        ),
    ]
