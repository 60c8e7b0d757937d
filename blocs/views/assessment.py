"""The page of the bloc leaders' (or the board's) year-end assessment of a bloc year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from emulation.access import get_for_user_or_404, require_perm
from emulation.errors import apply_service

from .. import selectors, services
from ..forms import BlocAssessmentForm
from ..models import BlocYearAssessment
from ._common import _crumbs


@login_required
def bloc_assessment(request, pk):
    """The assessment form; what is written here is printed in the bloc summary report."""
    bloc_year = get_for_user_or_404(selectors.bloc_years_for_user(request.user), pk=pk)
    require_perm(request.user, "blocs.change_bloc_assessment", bloc_year)
    assessment = BlocYearAssessment.objects.filter(bloc_year=bloc_year).select_related("updated_by").first()
    form = BlocAssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, services.save_bloc_assessment, bloc_year, request.user, **form.cleaned_data):
            messages.success(request, _("The assessment has been saved."))
            return redirect("blocs:assessment", pk=bloc_year.pk)
    return render(request, "blocs/assessment.html", {
        "bloc_year": bloc_year, "assessment": assessment, "form": form,
        "breadcrumbs": _crumbs(bloc_year, (_("Year-end assessment"), "")),
    })
