"""Labels of the activity-log codes written by the awards app (see ``emulation.actions``)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Catalogue and dated settings
    "awards.awardtype.created": _("Add an award type to the catalogue"),
    "awards.awardtype.updated": _("Edit an award type of the catalogue"),
    "awards.rewardcoefficient.created": _("Add a reward coefficient"),
    "awards.rewardcoefficient.updated": _("Edit a reward coefficient"),
    "awards.ruleparameter.created": _("Add a rule parameter"),
    "awards.ruleparameter.updated": _("Edit a rule parameter"),
    "awards.quotasetting.created": _("Add a provincial award quota"),
    "awards.quotasetting.updated": _("Edit a provincial award quota"),
    "awards.basesalary.created": _("Add a base salary"),
    "awards.basesalary.updated": _("Edit a base salary"),
    "awards.submissiondeadline.created": _("Add a submission deadline"),
    "awards.submissiondeadline.updated": _("Edit a submission deadline"),
    "awards.appraisaltimelimit.created": _("Add an appraisal time limit"),
    "awards.appraisaltimelimit.updated": _("Edit an appraisal time limit"),
    "awards.councilvotethreshold.created": _("Add a council ballot threshold"),
    "awards.councilvotethreshold.updated": _("Edit a council ballot threshold"),
    "awards.publicholiday.created": _("Add a public holiday"),
    "awards.publicholiday.updated": _("Edit a public holiday"),
    # Records
    "awards.appraisal.created": _("Record a yearly appraisal"),
    "awards.appraisal.updated": _("Edit a yearly appraisal"),
    "awards.disciplinerecord.created": _("Record a discipline or review"),
    "awards.disciplinerecord.updated": _("Edit a discipline or review record"),
    "awards.initiative.created": _("Record an initiative"),
    "awards.initiative.updated": _("Edit an initiative"),
    "awards.award.entered": _("Enter an award in the register"),
    "awards.award.updated": _("Edit an entry of the awards register"),
    "awards.award.revoked": _("Revoke the award"),
    # Nominations
    "awards.nomination.created": _("Create the nomination"),
    "awards.nomination.created_from_bloc": _("Create the nomination from the bloc's proposals"),
    "awards.nomination.updated": _("Edit the nomination"),
    "awards.nomination.items_added": _("Add nominees to the nomination"),
    "awards.nomination.item_removed": _("Remove a nominee from the nomination"),
    "awards.nomination.rechecked": _("Check the nominees' conditions again"),
    "awards.nomination.document_added": _("Attach a document to the nomination"),
    "awards.nomination.document_removed": _("Remove a document from the nomination"),
    "awards.nomination.submitted": _("Submit the nomination"),
    "awards.nomination.received": _("Record receipt of the nomination"),
    "awards.nomination.appraising": _("Start appraising the nomination"),
    "awards.nomination.returned": _("Return the nomination to the unit"),
    "awards.nomination.posting_opened": _("Start the public posting of the nominees"),
    "awards.nomination.at_council": _("Send the nomination to the council"),
    "awards.nomination.decided": _("The nomination has been decided"),
    "awards.nomination_item.updated": _("Edit a nominee"),
    "awards.nomination_item.appraised": _("Appraise a nominee"),
    "awards.nomination_item.comment_recorded": _("Record a comment received during the posting"),
    "awards.nomination_item.voted": _("Record the council's ballot on a nominee"),
    "awards.council_meeting.created": _("Record a council meeting"),
    # Decisions
    "awards.decision.created": _("Draft the award decision"),
    "awards.decision.updated": _("Edit the award decision"),
    "awards.decision.items_added": _("Add nominees to the decision"),
    "awards.decision.items_removed": _("Remove nominees from the decision"),
    "awards.decision.revocation_added": _("Add a revocation to the decision"),
    "awards.decision.amendment_added": _("Add an amendment to the decision"),
    "awards.decision.issued": _("Issue the award decision"),
    "awards.decision.signed": _("Sign the award decision digitally"),
}

DIFF_KEYS = {
    "awards.nomination_item.voted": _("Ballot (votes for, members voting, passed)"),
}
