"""Forms of the awards app, one module per subject."""

from .catalogue import (
    SETTING_FORMS,
    AppraisalTimeLimitForm,
    AwardTypeForm,
    BaseSalaryForm,
    CoefficientForm,
    CouncilVoteThresholdForm,
    ParameterForm,
    PublicHolidayForm,
    QuotaForm,
    SubmissionDeadlineForm,
)
from .common import DATE_WIDGETS, ScopedForm
from .decisions import DecisionCreateForm, DecisionForm, RevocationForm
from .eligibility import EligibilityForm, YearViewForm
from .nominations import (
    BuilderForm,
    CommentForm,
    CouncilMeetingForm,
    DocumentForm,
    ItemForm,
    NominationForm,
    OutcomeForm,
    PostingForm,
    ReasonForm,
    ReturnForm,
    VoteForm,
)
from .records import AppraisalForm, DisciplineForm, InitiativeForm
from .register import PastAwardForm, RegisterSearchForm, RevokeForm

__all__ = [
    "DATE_WIDGETS",
    "ScopedForm",
    "AwardTypeForm",
    "CoefficientForm",
    "ParameterForm",
    "QuotaForm",
    "BaseSalaryForm",
    "SubmissionDeadlineForm",
    "AppraisalTimeLimitForm",
    "CouncilVoteThresholdForm",
    "PublicHolidayForm",
    "SETTING_FORMS",
    "AppraisalForm",
    "DisciplineForm",
    "InitiativeForm",
    "PastAwardForm",
    "RevokeForm",
    "RegisterSearchForm",
    "EligibilityForm",
    "YearViewForm",
    "NominationForm",
    "BuilderForm",
    "ItemForm",
    "DocumentForm",
    "ReasonForm",
    "ReturnForm",
    "OutcomeForm",
    "PostingForm",
    "CommentForm",
    "CouncilMeetingForm",
    "VoteForm",
    "DecisionForm",
    "DecisionCreateForm",
    "RevocationForm",
]
