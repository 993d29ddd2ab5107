"""Thin views: surveys for coordinators and staff, and the answering page for respondents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.academy.models import Edition
from sib.accounts.models import User
from sib.core.charts import bar_chart, chart_batch
from sib.core.forms import apply_validation_error
from sib.surveys import policies, selectors, services
from sib.surveys.forms import (
    AUDIENCES,
    InstrumentFromTemplateForm,
    QuestionForm,
    SendForm,
    TemplateForm,
)
from sib.surveys.models import InstrumentKind, Item, ItemKind, Phase


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    can_manage = policies.can_manage_surveys(request.user)
    if not can_manage and not selectors.instruments_choosable(actor=request.user).exists():
        raise PermissionDenied
    return render(
        request,
        "surveys/instrument_list.html",
        {
            "instruments": selectors.instrument_list(actor=request.user),
            "templates": selectors.instrument_list(actor=request.user, templates=True)
            if can_manage
            else [],
            "can_manage": can_manage,
        },
    )


@login_required
def instrument_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    template_id = request.GET.get("template")
    if template_id and template_id.isdigit():
        template = (
            selectors.instrument_list(actor=request.user, templates=True)
            .filter(pk=int(template_id))
            .first()
        )
        if template is not None:
            initial = {
                "template": template,
                "title_pl": template.title_pl,
                "title_en": template.title_en,
                "anonymous": template.anonymous,
            }
    form = InstrumentFromTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instrument = services.instrument_from_template(
                actor=request.user,
                template=data["template"],
                code=data["code"],
                edition=data["edition"],
                title_pl=data["title_pl"],
                title_en=data["title_en"] or None,
                anonymous=data["anonymous"],
                phase=data["phase"] or Phase.NONE,
                baseline=data["baseline"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The survey was created. Send it when you are ready."))
            return redirect("surveys:instrument-detail", instrument_id=instrument.pk)
    return render(request, "surveys/instrument_form.html", {"form": form})


# --- templates: coordinators build the questionnaires surveys are made from ----------------------


def _template(request: HttpRequest, template_id: int) -> Any:
    """A template the coordinator may edit: 404 for what they cannot see or is not a template,
    403 for people who may not build surveys."""
    if not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    template = selectors.instrument_get(actor=request.user, instrument_id=template_id)
    if not template.is_template:
        raise Http404
    return template


@login_required
def template_edit(request: HttpRequest, template_id: int | None = None) -> HttpResponse:
    if not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    template = _template(request, template_id) if template_id else None
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        fields = form.template_fields()
        for name in ("title_en", "description_en"):
            fields[name] = fields[name] or None
        try:
            saved = services.template_save(
                actor=request.user,
                template=_template(request, template_id) if template_id else None,
                **fields,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The template was saved."))
            return redirect("surveys:instrument-detail", instrument_id=saved.pk)
    return render(request, "surveys/template_form.html", {"form": form, "template": template})


@login_required
def question_edit(
    request: HttpRequest, template_id: int | None = None, item_id: int | None = None
) -> HttpResponse:
    if not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    item = None
    if item_id is not None:
        try:
            item = Item.objects.select_related("instrument").get(
                pk=item_id, instrument__is_template=True
            )
        except Item.DoesNotExist as error:
            raise Http404 from error
        template = item.instrument
    else:
        assert template_id is not None  # the URL for a new question names its survey
        template = _template(request, template_id)
    form = QuestionForm(request.POST or None, template=template, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if item is None:
                services.item_add(
                    actor=request.user,
                    instrument=template,
                    code=data["code"],
                    kind=data["kind"],
                    text_pl=data["text_pl"],
                    text_en=data["text_en"],
                    help_text_pl=data["help_text_pl"],
                    help_text_en=data["help_text_en"],
                    scale=data["scale"],
                    required=data["required"],
                    options=[
                        services.OptionSpec(code=f"o{n}", label_pl=pl, label_en=en)
                        for n, (pl, en) in enumerate(data["options"], 1)
                    ],
                )
            else:
                services.item_update(
                    actor=request.user,
                    item=item,
                    **{name: data[name] for name in services.ITEM_EDITABLE},
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("surveys:instrument-detail", instrument_id=template.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "template": template, "item": item},
    )


def _item_chart(result: selectors.ItemResult) -> Any:
    rows = result.rows
    if not rows or result.item.kind == ItemKind.TEXT:
        return None
    return bar_chart(
        [label for label, _count in rows],
        [count for _label, count in rows],
        label=_("Answers to %(code)s: %(text)s")
        % {"code": result.item.code, "text": result.item.text},
        unit=_("answers"),
    )


@login_required
def instrument_detail(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """The results: per item, per scale, overall, by segment, free text; and sending."""
    instrument = selectors.instrument_get(actor=request.user, instrument_id=instrument_id)
    if instrument.is_template:
        return render(
            request,
            "surveys/template_detail.html",
            {"instrument": selectors.template_detail(actor=request.user, instrument=instrument)},
        )
    results = selectors.instrument_results(actor=request.user, instrument=instrument)
    dimension = request.GET.get("by", "language_track")
    if dimension not in selectors.DIMENSIONS:
        dimension = "language_track"
    segment_table = selectors.segments(
        actor=request.user, instruments=[instrument], dimensions=[dimension]
    )[0]
    change = (
        selectors.self_assessment_change(actor=request.user, after=instrument)
        if instrument.phase == Phase.AFTER and instrument.baseline_id
        else None
    )
    with chart_batch():  # every item's chart read from the cache in one query
        charts = {r.item.pk: _item_chart(r) for r in results.items}
    return render(
        request,
        "surveys/instrument_detail.html",
        {
            "instrument": instrument,
            "state": selectors.state_label(instrument),
            "results": results,
            "charts": charts,
            "segment": segment_table,
            "dimension": dimension,
            "dimensions": [(d, selectors.dimension_label(d)) for d in selectors.DIMENSIONS],
            "change": change,
            "can_manage": policies.can_manage_surveys(request.user),
            "send_form": SendForm(has_edition=bool(instrument.edition_id)),
        },
    )


@login_required
@require_POST
def instrument_send(request: HttpRequest, instrument_id: int) -> HttpResponse:
    instrument = selectors.instrument_get(actor=request.user, instrument_id=instrument_id)
    if not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    form = SendForm(request.POST, has_edition=bool(instrument.edition_id))
    if form.is_valid():
        users: list[User] = []
        audience = form.cleaned_data.get("audience")
        if audience and instrument.edition_id:
            edition = Edition.objects.get(pk=instrument.edition_id)
            users += services.edition_recipients(
                actor=request.user, edition=edition, statuses=AUDIENCES[audience]
            )
        emails = form.email_list()
        found = list(User.objects.filter(email__in=emails))
        unknown = sorted(set(emails) - {user.email for user in found})
        if unknown:
            messages.error(
                request,
                _("Nothing was sent: no account has these addresses: %(emails)s")
                % {"emails": ", ".join(unknown)},
            )
            return redirect("surveys:instrument-detail", instrument_id=instrument.pk)
        users += found
        source = "edition" if audience else "list"
        try:
            count = services.instrument_send(
                actor=request.user, instrument=instrument, users=users, source=source
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The survey was sent to %(count)d new people.") % {"count": count}
            )
    return redirect("surveys:instrument-detail", instrument_id=instrument.pk)


@login_required
@require_POST
def instrument_remind(request: HttpRequest, instrument_id: int) -> HttpResponse:
    instrument = selectors.instrument_get(actor=request.user, instrument_id=instrument_id)
    if not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    count = services.reminders_send(instrument=instrument)
    messages.success(
        request,
        _("%(count)d reminders sent (each person is reminded once).") % {"count": count},
    )
    return redirect("surveys:instrument-detail", instrument_id=instrument.pk)


@login_required
def comparison(request: HttpRequest) -> HttpResponse:
    instruments = list(
        selectors.instrument_list(actor=request.user)
        .filter(kind=InstrumentKind.EVALUATION, sent_at__isnull=False)
        .order_by("opens_at", "pk")
    )
    if not instruments and not policies.can_manage_surveys(request.user):
        raise PermissionDenied
    codes, rows = selectors.edition_comparison(actor=request.user, instruments=instruments)
    return render(request, "surveys/comparison.html", {"codes": codes, "rows": rows})


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    return render(
        request, "surveys/my_surveys.html", {"surveys": selectors.my_surveys(actor=request.user)}
    )


def _answers_from(request: HttpRequest, form: selectors.AnswerForm) -> dict[int, Any]:
    answers: dict[int, Any] = {}
    for item in form.items:
        name = f"item-{item.pk}"
        if item.kind == ItemKind.MULTIPLE:
            answers[item.pk] = request.POST.getlist(name)
        elif name in request.POST:
            answers[item.pk] = request.POST.get(name)
    return answers


@login_required
def answer(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """Answer a survey on any screen; "save for later" keeps a half-finished answer."""
    form = selectors.answer_form(actor=request.user, instrument_id=instrument_id)
    errors: dict[int, str] = {}
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        answers = _answers_from(request, form)
        try:
            services.response_save(
                actor=request.user, instrument=form.instrument, answers=answers, submit=submit
            )
        except PermissionDenied:
            messages.error(request, _("This survey is not open for answers."))
            return redirect("surveys:my-surveys")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {int(k): " ".join(v) for k, v in error.message_dict.items() if k.isdigit()}
            if not errors:
                messages.error(request, " ".join(error.messages))
                return redirect("surveys:my-surveys")
            messages.error(request, _("Nothing was saved: see the questions marked below."))
            form.values.update(answers)
        else:
            if submit:
                messages.success(request, _("Thank you! Your answers were submitted."))
                return redirect("surveys:my-surveys")
            messages.success(
                request, _("Your answers are saved. You can come back and finish later.")
            )
            return redirect("surveys:answer", instrument_id=instrument_id)
    return render(
        request,
        "surveys/answer.html",
        {"form": form, "errors": errors, "is_open": form.instrument.is_open()},
        status=422 if errors else 200,
    )


@login_required
@require_POST
def answer_autosave(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """htmx: keep what has been answered so far after each change."""
    form = selectors.answer_form(actor=request.user, instrument_id=instrument_id)
    ok, message = True, _("Saved as a draft")
    try:
        services.response_save(
            actor=request.user, instrument=form.instrument, answers=_answers_from(request, form)
        )
    except (ValidationError, PermissionDenied) as error:
        ok = False
        message = (
            " ".join(error.messages)
            if isinstance(error, ValidationError) and not hasattr(error, "error_dict")
            else _("Not saved: check the marked answers.")
        )
    return render(request, "surveys/partials/save_state.html", {"ok": ok, "message": message})
