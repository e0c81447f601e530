"""Each person's email settings: hear about changes at once or in the daily email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tracker.notifications import selectors, services
from tracker.notifications.forms import PreferenceForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_set(user=request.user, frequency=form.cleaned_data["frequency"])
            messages.success(request, "Your email settings are saved.")
            return redirect("tracker:notification-preferences")
        status = 400
    else:
        form = PreferenceForm(initial={"frequency": selectors.frequency_of(request.user)})
        status = 200
    return render(
        request,
        "tracker/notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
        status=status,
    )
