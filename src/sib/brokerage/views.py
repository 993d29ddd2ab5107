"""Thin views of the brokerage: parse, call selectors and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.accounts.http import AuthenticatedHttpRequest
from sib.accounts.models import User
from sib.accounts.policies import is_coordinator
from sib.brokerage import cards, forms, matching, policies, selectors, services
from sib.brokerage.models import TRANSITIONS, ChallengeStatus, Comment, Consultation
from sib.core import ratelimit
from sib.core.charts import bar_chart
from sib.core.exports import csv_response, xlsx_response
from sib.core.filterfields import filter_fields
from sib.core.forms import apply_validation_error
from sib.core.pagecache import anonymous_page
from sib.core.panels import page_sections

PAGE_SIZE = 25
FILTERS = ("q", "voivodeship", "status", "theme", "page")


# --- public challenge pages ----------------------------------------------------------------------


def _list_state(request: HttpRequest) -> tuple[Any, ...]:
    return selectors.challenges_public_stamp()


def _filtered(request: HttpRequest) -> tuple[forms.ChallengeFilterForm, Any]:
    form = forms.ChallengeFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.challenge_list(
        actor=request.user,
        q=values.get("q", ""),
        voivodeship=values.get("voivodeship", ""),
        status=values.get("status", ""),
        theme=values.get("theme", ""),
        public_only=True,
    )
    return form, rows


@anonymous_page(_list_state, query=FILTERS)
def challenge_list(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.counts_by_voivodeship(rows)
    chart = (
        bar_chart(
            [label for _code, label, _n in counts],
            [n for _code, _label, n in counts],
            label=_("Challenges per voivodeship"),
        )
        if counts
        else ""
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "brokerage/challenge_list.html",
        {
            "form": form,
            "fields": filter_fields(form),
            "page": page,
            "cards": cards.challenge_cards(page, theme_names=form.theme_names),
            "counts": counts,
            "chart": chart,
            "query": query.urlencode(),
            "can_create": request.user.is_authenticated
            and policies.can_create_challenge(request.user),
            "drafts": selectors.challenge_list(actor=request.user).exclude(
                status__in=[s for s in ChallengeStatus if s not in ("draft", "submitted")]
            )
            if request.user.is_authenticated
            else [],
        },
    )


def _export_rows(request: HttpRequest) -> tuple[list[str], list[list[Any]]]:
    _form, rows = _filtered(request)
    rows = rows.prefetch_related("themes", "sdgs", "competences")
    header = [
        _("Id"),
        _("Title"),
        _("Status"),
        _("Voivodeship"),
        _("County (powiat)"),
        _("Municipality (gmina)"),
        _("Level"),
        _("Organisation"),
        _("Brokers needed"),
        _("Themes"),
        _("SDGs"),
        _("Competences needed"),
        _("Published"),
    ]
    data = [
        [
            c.pk,
            c.title,
            c.get_status_display(),
            c.get_voivodeship_display(),
            c.powiat,
            c.gmina,
            c.get_level_display(),
            c.organisation.name if c.organisation else "",
            c.brokers_needed,
            ", ".join(t.name for t in c.themes.all()),
            ", ".join(str(g.number) for g in c.sdgs.all()),
            ", ".join(x.code for x in c.competences.all()),
            c.published_at.date().isoformat() if c.published_at else "",
        ]
        for c in rows
    ]
    return header, data


def challenge_export(request: HttpRequest, fmt: str) -> HttpResponse:
    header, data = _export_rows(request)
    if fmt == "csv":
        return csv_response("challenges.csv", header, data)
    if fmt == "xlsx":
        return xlsx_response("challenges.xlsx", [(_("Challenges"), header, data)])
    raise Http404


def _detail_state(request: HttpRequest, challenge_id: int) -> tuple[Any, ...] | None:
    return selectors.challenge_public_state(challenge_id=challenge_id)


@anonymous_page(_detail_state)
def challenge_detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    user = request.user
    introductions = (
        list(selectors.introductions(actor=user).filter(challenge=challenge))
        if user.is_authenticated
        else []
    )
    context: dict[str, Any] = {
        "challenge": challenge,
        # A coordinator's list holds every introduction of the challenge: no second query.
        "public_brokers": selectors.public_brokers(
            challenge=challenge, introductions=introductions if is_coordinator(user) else None
        ),
    }
    if user.is_authenticated:
        context.update(
            can_edit=policies.can_edit_challenge(user, challenge),
            can_submit=policies.can_submit_challenge(user, challenge),
            can_review=policies.can_review_challenge(user, challenge)
            and challenge.status in (ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED),
            can_progress=policies.can_change_progress(user, challenge)
            and bool(TRANSITIONS.get(challenge.status))
            and challenge.status not in (ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED),
            status_form=forms.StatusForm(),
            return_form=forms.ReturnForm(),
            next_statuses=[
                (value, ChallengeStatus(value).label)
                for value in TRANSITIONS.get(challenge.status, ())
            ],
            introductions=introductions,
            consultations=challenge.consultations.filter(published=True)
            if not is_coordinator(user)
            else challenge.consultations.all(),
            can_consult=policies.can_consult_on(user, challenge),
        )
        if policies.can_match(user):
            if challenge.status == ChallengeStatus.OPEN:
                context["suggestions"] = selectors.suggestions(
                    actor=user, challenge=challenge, limit=10
                )
            context["resources"] = selectors.resources_for(actor=user, challenge=challenge)
            context["factor_labels"] = forms.factor_labels()
    else:
        context["consultations"] = challenge.consultations.filter(published=True)
    return render(request, "brokerage/challenge_detail.html", context)


# --- writing challenges ----------------------------------------------------------------------


def _tags(form: forms.ChallengeForm) -> dict[str, Any]:
    return {
        "themes": form.cleaned_data["themes"],
        "sdgs": form.cleaned_data["sdgs"],
        "competences": form.cleaned_data["competences"],
    }


@login_required
def challenge_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.can_create_challenge(request.user):
        raise PermissionDenied
    form = forms.ChallengeForm(request.POST or None, initial={"languages": ["pl"]})
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(
                actor=request.user, data=form.data_for_service(), **_tags(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The draft is saved. Submit it for review when ready."))
            return redirect("brokerage:challenge", challenge.pk)
    return render(request, "brokerage/form.html", {"form": form, "title": _("New challenge")})


@login_required
def challenge_edit(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    if not policies.can_edit_challenge(request.user, challenge):
        raise PermissionDenied
    initial = {name: getattr(challenge, name) for name in services.CHALLENGE_FIELDS}
    initial.update(
        themes=challenge.themes.all(),
        sdgs=challenge.sdgs.all(),
        competences=challenge.competences.all(),
    )
    form = forms.ChallengeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(
                actor=request.user, challenge=challenge, data=form.data_for_service(), **_tags(form)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("brokerage:challenge", challenge.pk)
    return render(
        request,
        "brokerage/form.html",
        {
            "form": form,
            "title": _("Edit the challenge"),
            "back": reverse("brokerage:challenge", args=[challenge.pk]),
        },
    )


def _perform(request: HttpRequest, obj: Any, action: Any, done: str, page: str) -> HttpResponse:
    """Run a service on an object from a button: its refusal or its success said on the page."""
    try:
        action(obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(page, obj.pk)


def _act(request: HttpRequest, challenge_id: int, action: Any, done: str) -> HttpResponse:
    challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    return _perform(request, challenge, action, done, "brokerage:challenge")


@login_required
@require_POST
def challenge_submit(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    return _act(
        request,
        challenge_id,
        lambda c: services.challenge_submit(actor=request.user, challenge=c),
        _("Submitted for review."),
    )


@login_required
@require_POST
def challenge_publish(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    return _act(
        request,
        challenge_id,
        lambda c: services.challenge_publish(actor=request.user, challenge=c),
        _("Published: the challenge is open for matching."),
    )


@login_required
@require_POST
def challenge_return(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    form = forms.ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        challenge_id,
        lambda c: services.challenge_return(actor=request.user, challenge=c, note=note),
        _("Sent back to the organisation."),
    )


@login_required
@require_POST
def challenge_status(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    # The challenge and the right to move it on come first: someone else's challenge answers
    # 404/403 whatever was sent (the authorisation matrix, decision 1020).
    challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    if not policies.can_change_progress(request.user, challenge):
        raise PermissionDenied
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("brokerage:challenge", challenge_id)
    return _perform(
        request,
        challenge,
        lambda c: services.challenge_set_status(
            actor=request.user,
            challenge=c,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
        _("Status changed."),
        "brokerage:challenge",
    )


@login_required
@require_POST
def introduction_propose(
    request: AuthenticatedHttpRequest, challenge_id: int, broker_id: int
) -> HttpResponse:
    challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    broker = selectors.broker_get(actor=request.user, broker_id=broker_id)
    try:
        services.introduction_propose(actor=request.user, challenge=challenge, broker=broker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The broker is asked; they accept or decline."))
    return redirect("brokerage:challenge", challenge.pk)


# --- broker profile ----------------------------------------------------------------------------


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    from sib.credentials.selectors import proven_competences

    mine = selectors.my_profile(actor=request.user)
    initial: dict[str, Any] = {"languages": [request.user.preferred_language or "pl"]}
    if mine is not None:
        initial = {name: getattr(mine, name) for name in services.PROFILE_FIELDS}
        initial.update(
            declared_competences=mine.declared_competences.all(), themes=mine.themes.all()
        )
    form = forms.BrokerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.broker_profile_save(
                actor=request.user,
                user=request.user,
                data=form.data_for_service(),
                declared_competences=form.cleaned_data["declared_competences"],
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your broker profile is saved."))
            return redirect("brokerage:profile")
    proven_ids = proven_competences(holder_ids=[request.user.pk]).get(request.user.pk, set())
    from sib.academy.models import Competence

    taken = selectors.taken_places([mine.pk]).get(mine.pk, 0) if mine else 0
    return render(
        request,
        "brokerage/profile.html",
        {
            "form": form,
            "profile": mine,
            "proven": Competence.objects.filter(pk__in=proven_ids),
            "capacity_left": max(mine.capacity - taken, 0) if mine else None,
        },
    )


@login_required
@require_POST
def consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = selectors.my_profile(actor=request.user)
    if mine is None:
        raise Http404
    given = request.POST.get("given") == "1"
    services.broker_consent(actor=request.user, profile=mine, given=given)
    messages.success(
        request,
        _("You can now be suggested for challenges.")
        if given
        else _("You will not be suggested any more."),
    )
    return redirect("brokerage:profile")


# --- introductions and notifications -----------------------------------------------------------


@login_required
def introduction_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.introductions(actor=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "brokerage/introduction_list.html", {"page": page})


@login_required
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = selectors.introduction_get(actor=request.user, introduction_id=introduction_id)
    labels = forms.factor_labels()
    return render(
        request,
        "brokerage/introduction_detail.html",
        {
            "introduction": introduction,
            "explanation": matching.explain(introduction.factors, introduction.languages),
            "factors": [
                (labels.get(f["name"], f["name"]), f, matching.reason(f))
                for f in introduction.factors
            ],
            "can_decide": introduction.status == "proposed"
            and policies.can_decide_introduction(request.user, introduction),
            "can_decline": introduction.status != "declined"
            and policies.can_decline_introduction(request.user, introduction),
            "can_outcome": introduction.status == "accepted",
            "decline_form": forms.DeclineForm(),
            "outcome_form": forms.OutcomeForm(
                initial={"outcome": introduction.outcome, "note": introduction.outcome_note}
            ),
            "sections": page_sections(request, page="introduction", obj=introduction),
        },
    )


def _introduction_act(
    request: HttpRequest, introduction_id: int, action: Any, done: str
) -> HttpResponse:
    introduction = selectors.introduction_get(actor=request.user, introduction_id=introduction_id)
    return _perform(request, introduction, action, done, "brokerage:introduction")


@login_required
@require_POST
def introduction_accept(request: AuthenticatedHttpRequest, introduction_id: int) -> HttpResponse:
    return _introduction_act(
        request,
        introduction_id,
        lambda i: services.introduction_accept(actor=request.user, introduction=i),
        _("Accepted. The organisation is told."),
    )


@login_required
@require_POST
def introduction_decline(request: AuthenticatedHttpRequest, introduction_id: int) -> HttpResponse:
    form = forms.DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _introduction_act(
        request,
        introduction_id,
        lambda i: services.introduction_decline(actor=request.user, introduction=i, reason=reason),
        _("Declined."),
    )


@login_required
@require_POST
def introduction_outcome(request: AuthenticatedHttpRequest, introduction_id: int) -> HttpResponse:
    form = forms.OutcomeForm(request.POST)
    values = form.cleaned_data if form.is_valid() else {"outcome": "", "note": ""}
    return _introduction_act(
        request,
        introduction_id,
        lambda i: services.introduction_outcome(
            actor=request.user, introduction=i, outcome=values["outcome"], note=values["note"]
        ),
        _("Saved."),
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notification_mark_read(actor=request.user)
        return redirect("brokerage:notifications")
    page = Paginator(selectors.notifications(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "brokerage/notification_list.html", {"page": page})


# --- matching (coordinators) ---------------------------------------------------------------------


@login_required
def match_runs(request: AuthenticatedHttpRequest) -> HttpResponse:
    runs = selectors.match_runs(actor=request.user)
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.match_run_start(actor=request.user, even_load=form.cleaned_data["even_load"])
        return redirect("brokerage:run", run.pk)
    return render(request, "brokerage/match_runs.html", {"runs": runs[:50], "form": form})


@login_required
def match_run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(actor=request.user, run_id=run_id)
    template = "brokerage/partials/run_body.html" if request.htmx else "brokerage/match_run.html"
    return render(
        request,
        template,
        {
            "run": run,
            "assignments": selectors.run_assignments(run),
            "unmatched": selectors.run_unmatched(run),
        },
    )


@login_required
@require_POST
def match_run_propose(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(actor=request.user, run_id=run_id)
    try:
        made = services.introductions_from_run(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s introductions proposed.") % {"count": len(made)})
    return redirect("brokerage:run", run.pk)


@login_required
def weights(request: AuthenticatedHttpRequest) -> HttpResponse:
    history = selectors.weights_history(actor=request.user)
    form = forms.WeightsForm(request.POST or None, weights=selectors.current_weights())
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in matching.FACTORS}
        try:
            services.weights_set(actor=request.user, weights=values, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The new weights apply to the next suggestions and runs."))
            return redirect("brokerage:weights")
    labels = forms.factor_labels()
    return render(
        request,
        "brokerage/weights.html",
        {
            "form": form,
            "history": [
                (row, [(labels[name], row.weights.get(name, 0)) for name in matching.FACTORS])
                for row in history[:20]
            ],
        },
    )


@login_required
def weights_history(request: HttpRequest) -> HttpResponse:
    """Who changed which weight, when, and why (decision 0609)."""
    changes = selectors.weights_changes(actor=request.user)
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "brokerage/weights_history.html",
        {"page": page, "labels": forms.factor_labels(), "factors": matching.FACTORS},
    )


# --- social dialogue ---------------------------------------------------------------------------


def consultation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.consultation_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "brokerage/consultation_list.html",
        {"page": page, "can_create": policies.can_create_consultation(request.user)},
    )


def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(actor=request.user, consultation_id=consultation_id)
    user = request.user
    guest_form = None
    if not user.is_authenticated and policies.takes_guest_comments(consultation):
        guest_form = forms.GuestCommentForm(
            request.POST or None, terms=services.guest_terms().text, prefix="guest"
        )
    form = forms.CommentForm(request.POST or None)
    if request.method == "POST" and not user.is_authenticated:
        if guest_form is None:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        response = _guest_comment(request, consultation, guest_form)
        if response is not None:
            return response
    elif request.method == "POST" and isinstance(user, User):
        limited = ratelimit.hit(request, "brokerage_comment", keys=[str(user.pk)])
        if limited is not None:
            messages.error(request, _("Too many comments in a short time. Try again later."))
        elif form.is_valid():
            parent = None
            if form.cleaned_data.get("parent"):
                parent = Comment.objects.filter(
                    pk=form.cleaned_data["parent"], consultation=consultation
                ).first()
            try:
                services.comment_add(
                    actor=user,
                    consultation=consultation,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    stakeholder_group=form.cleaned_data["stakeholder_group"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Thank you: your comment is published."))
                return redirect("brokerage:consultation", consultation.pk)
    manage = user.is_authenticated and policies.can_manage_consultation(user, consultation)
    return render(
        request,
        "brokerage/consultation_detail.html",
        {
            "consultation": consultation,
            "comments": selectors.consultation_comments(actor=user, consultation=consultation),
            "form": form,
            "guest_form": guest_form,
            "can_comment": user.is_authenticated and policies.can_comment(user, consultation),
            "can_moderate": is_coordinator(user),
            "can_manage": manage,
            "can_synthesise": user.is_authenticated
            and policies.can_write_synthesis(user, consultation),
            "gaps": selectors.representation_gaps(consultation=consultation) if manage else [],
            "reason_form": forms.ReasonForm(),
            "synthesis_form": forms.TextForm(initial={"text": consultation.synthesis}),
            "answer_form": forms.AnswerForm(
                initial={"answer": consultation.answer, "action": consultation.answer_action}
            ),
            "meeting_form": forms.MeetingForm(),
        },
    )


def _guest_comment(
    request: HttpRequest, consultation: Consultation, form: forms.GuestCommentForm
) -> HttpResponse | None:
    """A resident's comment without an account; None re-displays the form with its errors."""
    email = str(request.POST.get("guest-email", ""))
    if ratelimit.hit(request, "brokerage_guest_comment", keys=[email]) is not None:
        messages.error(request, _("Too many comments in a short time. Try again later."))
        return None
    if not form.is_valid():
        return None
    try:
        services.guest_comment_add(
            consultation=consultation,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            consent=form.cleaned_data["consent"],
            stakeholder_group=form.cleaned_data["stakeholder_group"],
            language=translation.get_language() or "",
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    messages.success(
        request,
        _(
            "Thank you. We sent you an e-mail: your comment is published once you confirm "
            "your address with the link in it."
        ),
    )
    return redirect("brokerage:consultation", consultation.pk)


def comment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the resident's e-mail: a page with one button (a mail scanner that opens
    the link does not publish anything); the button publishes the comment."""
    try:
        comment = services.guest_comment_for_token(token)
    except ValidationError as error:
        return render(
            request,
            "brokerage/comment_confirm.html",
            {"error": error.messages[0]},
            status=404,
        )
    if request.method == "POST":
        services.guest_comment_confirm(token=token)
        messages.success(request, _("Your e-mail address is confirmed: your comment is published."))
        return redirect(
            reverse("brokerage:consultation", args=[comment.consultation_id])
            + f"#comment-{comment.pk}"
        )
    return render(request, "brokerage/comment_confirm.html", {"comment": comment})


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("consultation", "author").filter(pk=comment_id).first()
    if comment is None or not policies.can_view_consultation(request.user, comment.consultation):
        raise Http404
    return comment


@login_required
@require_POST
def comment_support(request: AuthenticatedHttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(request, comment_id)
    services.comment_support(actor=request.user, comment=comment)
    return redirect(
        f"{reverse('brokerage:consultation', args=[comment.consultation_id])}#comment-{comment.pk}"
    )


@login_required
@require_POST
def comment_report(request: AuthenticatedHttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(request, comment_id)
    form = forms.ReasonForm(request.POST)
    if ratelimit.hit(request, "brokerage_report", keys=[str(request.user.pk)]) is not None:
        messages.error(request, _("Too many reports in a short time. Try again later."))
    elif form.is_valid():
        services.comment_report(
            actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Thank you: a moderator will look at it."))
    return redirect("brokerage:consultation", comment.consultation_id)


@login_required
@require_POST
def comment_hide(request: AuthenticatedHttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(request, comment_id)
    form = forms.ReasonForm(request.POST)
    try:
        services.comment_hide(
            actor=request.user,
            comment=comment,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The comment is hidden and its author told why."))
    return redirect("brokerage:consultation", comment.consultation_id)


@login_required
@require_POST
def consultation_synthesis(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(actor=request.user, consultation_id=consultation_id)
    form = forms.TextForm(request.POST)
    if form.is_valid():
        services.synthesis_write(
            actor=request.user, consultation=consultation, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Saved."))
    return redirect("brokerage:consultation", consultation.pk)


@login_required
@require_POST
def consultation_answer(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(actor=request.user, consultation_id=consultation_id)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        services.official_answer(
            actor=request.user,
            consultation=consultation,
            answer=form.cleaned_data["answer"],
            action=form.cleaned_data["action"],
        )
        messages.success(request, _("Saved."))
    return redirect("brokerage:consultation", consultation.pk)


@login_required
@require_POST
def consultation_meeting(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(actor=request.user, consultation_id=consultation_id)
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        services.meeting_save(actor=request.user, consultation=consultation, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Give the meeting's date and time."))
    return redirect("brokerage:consultation", consultation.pk)


# --- partners' resources and new consultations (decision 0607) ----------------------------------


@login_required
def resource_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.can_manage_resources(request.user):
        raise PermissionDenied
    page = Paginator(selectors.resources_managed(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "brokerage/resource_list.html", {"page": page})


def _resource_form(request: AuthenticatedHttpRequest, resource: Any = None) -> HttpResponse:
    coordinator = is_coordinator(request.user)
    initial: dict[str, Any] = {"active": True}
    if resource is not None:
        initial = {name: getattr(resource, name) for name in forms.ResourceForm.base_fields}
        initial["themes"] = resource.themes.all()
    form = forms.ResourceForm(
        request.POST or None,
        initial=initial,
        choose_organisation=coordinator and resource is None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.resource_save(
                actor=request.user,
                resource=resource,
                organisation=form.cleaned_data.get("organisation"),
                data=form.data_for_service(),
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("brokerage:resource-edit", saved.pk)
    title = _("New resource") if resource is None else _("Edit the resource")
    return render(
        request,
        "brokerage/form.html",
        {"form": form, "title": title, "back": reverse("brokerage:resources")},
    )


@login_required
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.can_manage_resources(request.user):
        raise PermissionDenied
    return _resource_form(request)


@login_required
def resource_edit(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    if not policies.can_manage_resources(request.user):
        raise PermissionDenied
    return _resource_form(
        request, selectors.resource_get(actor=request.user, resource_id=resource_id)
    )


@login_required
def consultation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.can_create_consultation(request.user):
        raise PermissionDenied
    challenges = selectors.challenges_for_consultation(actor=request.user)
    initial: dict[str, Any] = {}
    wanted = request.GET.get("challenge")
    if wanted and str(wanted).isdigit():
        initial["challenge"] = challenges.filter(pk=int(wanted)).first()
    form = forms.ConsultationForm(
        request.POST or None,
        initial=initial,
        challenges=challenges,
        listed=selectors.challenges_listed_for_consultation(
            actor=request.user, chosen=initial.get("challenge")
        ),
        topic_allowed=is_coordinator(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        challenge = data.pop("challenge")
        try:
            consultation = services.consultation_create(
                actor=request.user, challenge=challenge, data=data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect("brokerage:consultation", consultation.pk)
    return render(
        request,
        "brokerage/form.html",
        {
            "form": form,
            "title": _("New consultation"),
            "back": reverse("brokerage:consultations"),
        },
    )
