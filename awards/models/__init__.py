"""The models of the awards app, one module per subject; Django finds them here (app label ``awards``)."""

from .catalogue import (
    AppraisalTimeLimit,
    AwardType,
    BaseSalary,
    ConferralPower,
    ConferringAuthority,
    CouncilQuorum,
    CouncilVoteThreshold,
    PublicHoliday,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
    SubmissionDeadline,
)
from .decisions import AwardRevocation, Decision, DecisionRevocation, decision_upload_to
from .nominations import (
    CouncilMeeting,
    Nomination,
    NominationDocument,
    NominationItem,
    PostingComment,
    dossier_upload_to,
)
from .records import Appraisal, DisciplineRecord, Initiative
from .register import Award, AwardCount
from .upward import Concurrence, UpwardSubmission

__all__ = [
    "AwardType",
    "RuleParameter",
    "QuotaSetting",
    "BaseSalary",
    "ConferringAuthority",
    "ConferralPower",
    "CouncilQuorum",
    "RewardCoefficient",
    "SubmissionDeadline",
    "AppraisalTimeLimit",
    "CouncilVoteThreshold",
    "PublicHoliday",
    "Appraisal",
    "DisciplineRecord",
    "Initiative",
    "Award",
    "AwardCount",
    "Nomination",
    "NominationItem",
    "dossier_upload_to",
    "NominationDocument",
    "PostingComment",
    "CouncilMeeting",
    "decision_upload_to",
    "Decision",
    "DecisionRevocation",
    "AwardRevocation",
    "UpwardSubmission",
    "Concurrence",
]
