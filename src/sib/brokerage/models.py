"""Challenges, broker profiles, resources, matching (weights, runs, suggestions), introductions,
notifications and social dialogue (consultations, comments, meetings)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sib.academy.models import Competence
from sib.accounts.choices import Voivodeship
from sib.accounts.models import Organisation
from sib.core.models import SdgGoal, Theme, TimeStampedModel


class PlaceLevel(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("challenge status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("challenge status", "Submitted for review")
    OPEN = "open", pgettext_lazy("challenge status", "Open")
    MATCHED = "matched", pgettext_lazy("challenge status", "Matched")
    IN_PROGRESS = "in_progress", pgettext_lazy("challenge status", "In progress")
    SOLVED = "solved", pgettext_lazy("challenge status", "Solved")
    CLOSED = "closed", pgettext_lazy("challenge status", "Closed")


# The statuses a visitor may see; the others are the organisation's and coordinators' business.
PUBLIC_STATUSES = (
    ChallengeStatus.OPEN,
    ChallengeStatus.MATCHED,
    ChallengeStatus.IN_PROGRESS,
    ChallengeStatus.SOLVED,
    ChallengeStatus.CLOSED,
)

# Which status may follow which (services enforce it; the history keeps every step).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ChallengeStatus.DRAFT: (ChallengeStatus.SUBMITTED, ChallengeStatus.CLOSED),
    ChallengeStatus.SUBMITTED: (
        ChallengeStatus.OPEN,
        ChallengeStatus.DRAFT,
        ChallengeStatus.CLOSED,
    ),
    ChallengeStatus.OPEN: (ChallengeStatus.MATCHED, ChallengeStatus.CLOSED),
    ChallengeStatus.MATCHED: (
        ChallengeStatus.IN_PROGRESS,
        ChallengeStatus.OPEN,
        ChallengeStatus.CLOSED,
    ),
    ChallengeStatus.IN_PROGRESS: (ChallengeStatus.SOLVED, ChallengeStatus.CLOSED),
    ChallengeStatus.SOLVED: (),
    ChallengeStatus.CLOSED: (),
}


class StakeholderGroup(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    BENEFICIARIES = "beneficiaries", _("People affected (beneficiaries)")
    PUBLIC = "public", _("Public institutions")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PRIVATE = "private", _("Business")
    FUNDERS = "funders", _("Funders")
    EDUCATION = "education", _("Schools and universities")
    EXPERTS = "experts", _("Experts")


class Language(models.TextChoices):
    PL = "pl", _("Polish")
    EN = "en", _("English")
    UK = "uk", _("Ukrainian")
    DE = "de", _("German")


class Stage(models.IntegerChoices):
    """Open Book of Social Innovation: where the answer to a challenge stands."""

    PROMPTS = 1, _("1 Prompts and diagnoses")
    PROPOSALS = 2, _("2 Proposals and ideas")
    PROTOTYPING = 3, _("3 Prototyping and pilots")
    SUSTAINING = 4, _("4 Sustaining")
    SCALING = 5, _("5 Scaling and diffusion")
    SYSTEMIC = 6, _("6 Systemic change")


class Challenge(TimeStampedModel):
    """A local or regional social challenge that an organisation (or a coordinator) describes."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    summary = models.TextField(_("the challenge"))
    # modeltranslation's summary_pl and summary_en columns, declared for the type checker
    summary_pl: str | None
    summary_en: str | None
    affected = models.TextField(_("who is affected"), blank=True)
    # modeltranslation's affected_pl and affected_en columns, declared for the type checker
    affected_pl: str | None
    affected_en: str | None
    evidence = models.TextField(_("evidence"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    existing = models.TextField(_("what exists already"), blank=True)
    voivodeship = models.CharField(_("voivodeship"), max_length=32, choices=Voivodeship.choices)
    powiat = models.CharField(_("county (powiat)"), max_length=100, blank=True)
    gmina = models.CharField(_("municipality (gmina)"), max_length=100, blank=True)
    level = models.CharField(
        _("level"), max_length=16, choices=PlaceLevel.choices, default=PlaceLevel.LOCAL
    )
    stakeholder_groups = models.JSONField(_("stakeholder groups"), default=list, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    sdgs = models.ManyToManyField(SdgGoal, blank=True, verbose_name=_("SDGs"))
    competences = models.ManyToManyField(
        Competence, blank=True, verbose_name=_("competences needed")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=Stage.choices, default=Stage.PROMPTS
    )
    brokers_needed = models.PositiveSmallIntegerField(
        _("brokers needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [
            models.Index(fields=["status", "voivodeship"]),
            # The lists' pages in their order without sorting every (wide) row first (decision
            # 0910): at scale M the sort was most of the API list's database time.
            models.Index(fields=["-published_at", "-id"], name="brokerage_challenge_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        unknown = set(self.stakeholder_groups or []) - set(StakeholderGroup.values)
        if unknown:
            raise ValidationError({"stakeholder_groups": _("Unknown stakeholder group.")})
        if set(self.languages or []) - set(Language.values):
            raise ValidationError({"languages": _("Unknown language.")})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class ChallengeStatusChange(models.Model):
    """One dated step of a challenge's history."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=16, choices=ChallengeStatus.choices)
    changed_at = models.DateTimeField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class BrokerProfile(TimeStampedModel):
    """What a (certified) broker offers for matching. Proven competences come from valid
    credentials (`sib.credentials.selectors.proven_competences`); the ones here are declared."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="broker_profile"
    )
    declared_competences = models.ManyToManyField(
        Competence, blank=True, verbose_name=_("self-declared competences")
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    regions = models.JSONField(_("voivodeships served"), default=list, blank=True)
    home_gmina = models.CharField(_("home municipality (gmina)"), max_length=100, blank=True)
    remote = models.BooleanField(_("works remotely"), default=False)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (active challenges at most)"),
        default=2,
        validators=[MaxValueValidator(50)],
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    stages = models.JSONField(_("stages I work in"), default=list, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(60)]
    )
    consent_at = models.DateTimeField(_("consented to be matched"), null=True, blank=True)
    name_public = models.BooleanField(_("show my name on public pages"), default=False)
    conflicts = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("organisations with a conflict of interest"),
    )

    class Meta:
        ordering = ["user__full_name", "id"]
        verbose_name = _("broker profile")
        verbose_name_plural = _("broker profiles")

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        if set(self.regions or []) - set(Voivodeship.values):
            raise ValidationError({"regions": _("Unknown voivodeship.")})
        if set(self.languages or []) - set(Language.values):
            raise ValidationError({"languages": _("Unknown language.")})
        if (
            self.available_from
            and self.available_until
            and self.available_until < self.available_from
        ):
            raise ValidationError({"available_until": _("Ends before it starts.")})

    @property
    def consents(self) -> bool:
        return self.consent_at is not None


class ResourceKind(models.TextChoices):
    FUNDING = "funding", _("Funding call")
    EXPERTISE = "expertise", _("Expertise")
    SPACE = "space", _("Space")
    VOLUNTEERS = "volunteers", _("Volunteers")


class Resource(TimeStampedModel):
    """An offer an organisation makes to challenges: funding, expertise, a space, volunteers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    regions = models.JSONField(_("voivodeships"), default=list, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title


class MatchWeights(models.Model):
    """One version of the factor weights a coordinator set; the latest is current."""

    weights = models.JSONField(_("weights"))
    created_at = models.DateTimeField(_("set"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("match run", "Queued")
    RUNNING = "running", pgettext_lazy("match run", "Running")
    FINISHED = "finished", pgettext_lazy("match run", "Finished")
    FAILED = "failed", pgettext_lazy("match run", "Failed")


class MatchRun(models.Model):
    """A batch assignment of open challenges to brokers under capacities and demands."""

    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    even_load = models.BooleanField(_("spread the load evenly"), default=False)
    weights = models.JSONField(_("weights"))
    challenge_ids = models.JSONField(default=list, blank=True)  # empty: every open challenge
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    total_score = models.FloatField(default=0)
    pairs = models.PositiveIntegerField(default=0)  # feasible pairs considered
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")


class MatchAssignment(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="assignments")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    broker = models.ForeignKey(BrokerProfile, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    factors = models.JSONField(default=list)
    languages = models.JSONField(default=list)

    class Meta:
        ordering = ["challenge_id", "-score", "broker_id"]


class MatchUnmatched(models.Model):
    """A challenge whose demand a run did not fill: how many places stay empty, and why."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    missing = models.PositiveSmallIntegerField()
    reason = models.TextField()

    class Meta:
        ordering = ["challenge_id"]


class IntroductionStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("introduction", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("introduction", "Accepted")
    DECLINED = "declined", pgettext_lazy("introduction", "Declined")


class IntroductionOutcome(models.TextChoices):
    NONE = "", _("Not yet known")
    PROJECT = "project", _("Led to a project")
    ADVICE = "advice", _("Advice given")
    NO_RESULT = "no_result", _("No result")


class Introduction(TimeStampedModel):
    """A suggestion put to a broker; it binds only when the broker or a coordinator accepts.
    The score, factors and explanation are the suggestion's, stored when it was made."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="introductions")
    broker = models.ForeignKey(
        BrokerProfile, on_delete=models.CASCADE, related_name="introductions"
    )
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL)
    score = models.FloatField()
    # [{name, weight, value, data}] as computed when it was proposed; the plain-words reasons are
    # rendered from them in the reader's language (sib.brokerage.matching.explain).
    factors = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=IntroductionStatus.choices, default=IntroductionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=IntroductionOutcome.choices, blank=True, default=""
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "broker"],
                condition=~models.Q(status="declined"),
                name="introduction_one_live_per_pair",
                violation_error_message=_(
                    "This broker has already been introduced to this challenge."
                ),
            )
        ]


class Notification(models.Model):
    """A line in a person's notifications list (the e-mail goes through the outbox)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brokerage_notifications"
    )
    text = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


# --- social dialogue ----------------------------------------------------------------------------


class Consultation(TimeStampedModel):
    """A consultation on a challenge or a topic, in a place, with phases and dates."""

    challenge = models.ForeignKey(
        Challenge,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("challenge"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    voivodeship = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    gmina = models.CharField(_("municipality (gmina)"), max_length=100, blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthesis = models.TextField(_("broker's synthesis"), blank=True)
    synthesis_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("organisation's official answer"), blank=True)
    answer_action = models.TextField(_("what was done"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closes before it opens.")})


class ConsultationPhase(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["starts_on", "id"]


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A resident without an account (decision 0606): the name shown, the address that confirmed
    # the comment and the language of the messages. Until `confirmed_at` the comment is not
    # shown and does not count.
    guest_name = models.CharField(_("name shown with the comment"), max_length=80, blank=True)
    guest_email = models.EmailField(_("e-mail address"), blank=True)
    guest_language = models.CharField(max_length=8, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    stakeholder_group = models.CharField(
        _("I take part as"), max_length=32, choices=StakeholderGroup.choices, blank=True
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    # Shown on the page: by an account, or by a resident who confirmed the address.
    SHOWN = models.Q(author__isnull=False) | models.Q(confirmed_at__isnull=False)
    # Counted (participants, representation): shown and not hidden.
    COUNTED = SHOWN & models.Q(hidden_at__isnull=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False) | ~models.Q(guest_email=""),
                name="comment_has_an_author",
                violation_error_message=_(
                    "A comment is written by an account or by a resident with an e-mail address."
                ),
            )
        ]

    @property
    def is_guest(self) -> bool:
        return self.author_id is None


class CommentSupport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comment_support_once")
        ]


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)


class Meeting(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
