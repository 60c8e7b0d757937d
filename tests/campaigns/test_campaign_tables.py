"""The campaign models moved from ``emulation`` to ``campaigns`` without moving their data: same tables, a
state-only migration, content types renamed so that the activity log still finds each campaign's history."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from campaigns.models import Campaign, CampaignDocument, CampaignRegistration, CampaignReview
from emulation.audit import log_action
from emulation.models import ActivityLog
from emulation.selectors import history_for

from .campaign_helpers import CampaignFactory

TABLES = {
    Campaign: "emulation_campaign",
    CampaignDocument: "emulation_campaigndocument",
    CampaignRegistration: "emulation_campaignregistration",
    CampaignReview: "emulation_campaignreview",
}


def test_the_models_keep_their_tables_and_the_m2m_its_own():
    assert {model: model._meta.db_table for model in TABLES} == TABLES
    assert {model._meta.app_label for model in TABLES} == {"campaigns"}
    through = Campaign.scope_blocs.through._meta
    assert (through.db_table, through.get_field("campaign").column, through.get_field("bloc").column) == (
        "emulation_campaign_scope_blocs", "campaign_id", "bloc_id")


def test_the_migration_state_has_them_in_campaigns_only_and_the_awards_keys_follow():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state()
    assert {key for key in state.models if key[1].startswith("campaign")} == {
        ("campaigns", "campaign"), ("campaigns", "campaigndocument"), ("campaigns", "campaignregistration"),
        ("campaigns", "campaignreview")}
    assert state.models["campaigns", "campaign"].options["db_table"] == "emulation_campaign"
    for model in ("award", "nomination"):
        assert state.models["awards", model].fields["campaign"].related_model == "campaigns.campaign"


def test_the_moving_migrations_touch_no_table():
    """SeparateDatabaseAndState with no database operation: nothing to run on an existing database."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in [("campaigns", "0001_initial"), ("awards", "0007_campaign_moved_to_campaigns"),
                ("emulation", "0004_campaigns_moved_out")]:
        operations = loader.disk_migrations[key].operations
        assert [type(op).__name__ for op in operations] == ["SeparateDatabaseAndState"], key
        assert operations[0].database_operations == [], key


@pytest.mark.django_db
def test_the_tables_exist_under_their_old_names():
    assert set(TABLES.values()) | {"emulation_campaign_scope_blocs"} <= set(connection.introspection.table_names())


@pytest.mark.django_db
def test_history_written_under_the_old_content_type_follows_the_model(board):
    """An upgraded database: entries point to the content type "emulation | campaign"; the data migration
    moves them (here both content types exist, as when the new code ran before the migration)."""
    campaign = CampaignFactory()
    old = ContentType.objects.create(app_label="emulation", model="campaign")
    ActivityLog.objects.create(actor=board, action="emulation.campaign.created", content_type=old,
                               object_id=str(campaign.pk), object_repr=str(campaign))
    log_action(board, "emulation.campaign.updated", campaign, data={"diff": {"goals": ["", "Mới"]}})
    assert [e.action for e in history_for(campaign)] == ["emulation.campaign.updated"]

    migration = import_module("campaigns.migrations.0002_content_types")
    migration.forwards(apps, None)
    ContentType.objects.clear_cache()

    assert not ContentType.objects.filter(app_label="emulation", model="campaign").exists()
    assert sorted(e.action for e in history_for(campaign)) == ["emulation.campaign.created",
                                                               "emulation.campaign.updated"]
    assert [e.label_known for e in history_for(campaign)] == [True, True]


@pytest.mark.django_db
def test_the_content_type_is_renamed_when_only_the_old_one_exists():
    ContentType.objects.filter(app_label="campaigns", model="campaignreview").delete()
    old = ContentType.objects.create(app_label="emulation", model="campaignreview")
    import_module("campaigns.migrations.0002_content_types").forwards(apps, None)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(CampaignReview).pk == old.pk
