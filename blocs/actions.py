"""Labels of the activity-log codes written by the blocs app (see ``emulation.actions``)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "blocs.bloc.created": _("Create the emulation bloc"),
    "blocs.blocyear.created": _("Set up the bloc year"),
    "blocs.blocyear.created_from_previous": _("Set up the bloc year from the previous year"),
    "blocs.blocyear.dates_changed": _("Change the bloc year's dates and deadlines"),
    "blocs.blocyear.leadership_changed": _("Name the head and deputy units"),
    "blocs.blocyear.member_added": _("Add a member unit to the bloc"),
    "blocs.blocyear.member_removed": _("Remove a member unit from the bloc"),
    "blocs.blocyear.members_reorganised": _("Change the bloc's members after a reorganisation of units"),
    "blocs.blocyear.scoring_opened": _("Open self-scoring"),
    "blocs.blocyear.review_started": _("Move on to the bloc's scoring"),
    "blocs.blocyear.voting_opened": _("Open the bloc's vote"),
    "blocs.blocyear.closed": _("Close the bloc's emulation year"),
    "blocs.blocyear.stepped_back": _("Take the bloc year back one step"),
    "blocs.criteria.settings_changed": _("Edit the criteria set"),
    "blocs.criteria.added": _("Add a criterion"),
    "blocs.criteria.changed": _("Edit a criterion"),
    "blocs.criteria.deleted": _("Delete a criterion"),
    "blocs.criteria.moved": _("Change the order of the criteria"),
    "blocs.criteria.imported": _("Import the criteria from Excel"),
    "blocs.scorecard.draft_saved": _("Save the self-scoring draft"),
    "blocs.scorecard.submitted": _("Submit the scorecard"),
    "blocs.scorecard.review_started": _("Start the bloc's scoring of the scorecard"),
    "blocs.scorecard.review_saved": _("Save the bloc's points"),
    "blocs.scorecard.returned": _("Ask the unit for an explanation"),
    "blocs.scorecard.explained": _("Send the unit's explanation"),
    "blocs.scorecard.reviewed": _("Complete the bloc's scoring"),
    "blocs.scorecard.sent_back": _("Send the scorecard back to the bloc's scoring"),
    "blocs.scorecard.final_points_saved": _("Adjust the official points"),
    "blocs.scorecard.finalised": _("Finalise the scorecard"),
    "blocs.scorecard.reopened": _("Reopen the finalised scorecard"),
    "blocs.scorecard.evidence_added": _("Attach an evidence file"),
    "blocs.scorecard.evidence_deleted": _("Delete an evidence file"),
    "blocs.blocyear.reminded": _("Remind the units that have not submitted"),
    "blocs.blocyear.reviewed_finalised": _("Finalise the bloc's reviewed scorecards"),
    "blocs.scorecard.closed_out": _("Record the scorecard as not submitted"),
    "blocs.scorecard.close_out_undone": _("Reopen a scorecard recorded as not submitted"),
    "blocs.scorecard.entered_on_behalf": _("Enter the scorecard on the unit's behalf"),
    "blocs.vote.recorded": _("Record the result of the bloc's vote"),
    "blocs.vote.changed": _("Correct the result of the bloc's vote"),
    "blocs.proposals.made": _("Make the bloc's award proposals"),
    # written by the reports app before the assessment moved here; the entries already logged carry this code
    "reports.bloc_assessment.saved": _("Save the bloc's year-end assessment"),
}

DIFF_MODELS = {
    "blocs.criteria.settings_changed": "blocs.CriteriaSet",
    "blocs.criteria.changed": "blocs.Criterion",
}

DIFF_KEYS = {
    "blocs.scorecard.draft_saved": _("Criterion %(key)s"),
    "blocs.scorecard.review_saved": _("Criterion %(key)s"),
    "blocs.scorecard.final_points_saved": _("Criterion %(key)s"),
}
