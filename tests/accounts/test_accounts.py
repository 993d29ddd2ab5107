"""Accounts: profile, language precedence, staff two-factor, login throttling, production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from sib.core.models import AuditEntry
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestProfile:
    def test_profile_explains_every_optional_field(self, client) -> None:  # noqa: ANN001
        client.force_login(UserFactory())
        content = client.get(reverse("accounts:profile")).content.decode()
        for phrase in (
            "anonymous statistics",
            "age groups",
            "regional statistics",
            "language of pages",
        ):
            assert phrase in content

    def test_bad_birth_year_keeps_what_was_typed(self, client) -> None:  # noqa: ANN001
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            reverse("accounts:profile"), {"full_name": "Anna Nowak", "birth_year": "1850"}
        )
        assert response.status_code == 200
        assert 'value="Anna Nowak"' in response.content.decode()
        user.refresh_from_db()
        assert user.birth_year is None

    def test_profile_saves(self, client) -> None:  # noqa: ANN001
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            reverse("accounts:profile"),
            {
                "full_name": "Anna Nowak",
                "gender": "woman",
                "birth_year": "1990",
                "voivodeship": "malopolskie",
                "sector": "ngo",
                "preferred_language": "pl",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert (user.full_name, user.voivodeship, user.birth_year) == (
            "Anna Nowak",
            "malopolskie",
            1990,
        )

    def test_tokens_page_shows_a_new_token_once_and_revokes(self, client) -> None:  # noqa: ANN001
        user = UserFactory()
        client.force_login(user)
        content = client.post(reverse("accounts:api-tokens"), {"name": "script"}).content.decode()
        token = user.api_tokens.get()
        assert f"sib_{token.prefix}_" in content
        assert (
            f"sib_{token.prefix}_"
            not in client.get(reverse("accounts:api-tokens")).content.decode().split("…")[1]
        )
        client.post(reverse("accounts:api-token-revoke", args=[token.pk]))
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEntry.objects.filter(action="api_token.revoke").exists()

    def test_cannot_revoke_someone_elses_token(self, client) -> None:  # noqa: ANN001
        from sib.accounts.services import api_token_create

        owner = UserFactory()
        record, _ = api_token_create(actor=owner, user=owner)
        client.force_login(UserFactory())
        assert (
            client.post(reverse("accounts:api-token-revoke", args=[record.pk])).status_code == 404
        )


class TestLanguage:
    def test_browser_language_then_cookie_then_profile(self, client) -> None:  # noqa: ANN001
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "en"
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="pl").headers["Content-Language"] == "pl"
        client.cookies["sib_language"] = "en"
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="pl").headers["Content-Language"] == "en"
        client.force_login(UserFactory(preferred_language="pl"))
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "pl"

    def test_after_login_the_message_and_page_speak_the_profiles_language(self, client) -> None:  # noqa: ANN001
        UserFactory(email="ola@example.org", password="s3cret-pass-word", preferred_language="pl")
        client.cookies["sib_language"] = "en"
        response = client.post(
            "/accounts/login/",
            {"login": "ola@example.org", "password": "s3cret-pass-word"},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        html = response.content.decode()
        assert response.headers["Content-Language"] == "pl"
        assert "Successfully signed in" not in html
        assert client.cookies["sib_language"].value == "pl"

    def test_default_is_polish(self, client, settings) -> None:  # noqa: ANN001
        settings.LANGUAGE_CODE = "pl"
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="")
        assert response.headers["Content-Language"] == "pl"
        assert "Przejdź do głównej treści" in response.content.decode()

    def test_switcher_sets_cookie_and_profile_without_url_prefix(self, client) -> None:  # noqa: ANN001
        user = UserFactory(preferred_language="pl")
        client.force_login(user)
        response = client.post("/language/", {"language": "en", "next": "/academy/programmes/"})
        assert response["Location"] == "/academy/programmes/"
        assert response.cookies["sib_language"].value == "en"
        user.refresh_from_db()
        assert user.preferred_language == "en"
        assert client.get("/academy/programmes/").headers["Content-Language"] == "en"

    def test_switcher_refuses_foreign_redirects(self, client) -> None:  # noqa: ANN001
        response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
        assert response["Location"] == "/"


class TestStaffMFA:
    def test_staff_without_totp_must_set_it_up(self, client, settings) -> None:  # noqa: ANN001
        settings.SIB_STAFF_MFA = True
        client.force_login(CoordinatorFactory())
        response = client.get("/academy/editions/")
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
        assert client.get("/api/v1/me").status_code == 403

    def test_staff_with_totp_passes_and_non_staff_are_not_asked(self, client, settings) -> None:  # noqa: ANN001
        settings.SIB_STAFF_MFA = True
        coordinator = CoordinatorFactory()
        Authenticator.objects.create(
            user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
        client.force_login(coordinator)
        assert client.get("/academy/editions/").status_code == 200
        client.force_login(UserFactory())
        assert client.get("/").status_code == 200

    def test_off_switch_is_shown_on_login_page_in_debug(self, client, settings) -> None:  # noqa: ANN001
        settings.DEBUG = True
        settings.SIB_STAFF_MFA = False
        assert "SIB_STAFF_MFA=0" in client.get(reverse("account_login")).content.decode()


class TestLogin:
    def test_email_login(self, client) -> None:  # noqa: ANN001
        UserFactory(email="login@example.org")
        response = client.post(
            reverse("account_login"), {"login": "login@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302

    def test_failed_logins_are_throttled_in_the_shared_cache(self, client, settings) -> None:  # noqa: ANN001
        assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
        UserFactory(email="target@example.org")
        cache.clear()
        for _ in range(5):
            client.post(
                reverse("account_login"),
                {"login": "target@example.org", "password": "wrong-password"},
            )
        # Even the right password is refused now: the counter lives in the database cache, which every
        # web process shares.
        response = client.post(
            reverse("account_login"), {"login": "target@example.org", "password": PASSWORD}
        )
        assert response.status_code in (200, 429)
        assert "_auth_user_id" not in client.session
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sib_cache")
            assert cursor.fetchone()[0] > 0


def _settings_in_subprocess(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SIB_") and key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "sib", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "SIB_ENV": "production",
    "SIB_SECRET_KEY": "k" * 20 + "-production-secret-value-1234567890",
    "SIB_ALLOW_SQLITE": "1",
    "SIB_ALLOWED_HOSTS": "sib.example.org",
    "SIB_BASE_URL": "https://sib.example.org",
}


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"SIB_DEBUG": "1"}, "SIB_DEBUG is on"),
        ({"SIB_SECRET_KEY": ""}, "SIB_SECRET_KEY"),
        ({"SIB_STAFF_MFA": "0"}, "SIB_STAFF_MFA is off"),
        ({"SIB_CACHE_URL": "locmem://"}, "local-memory cache"),
        ({"SIB_ALLOW_SQLITE": "0"}, "SQLite is refused"),
        ({"SIB_RATE_LIMITS_ENABLED": "0"}, "SIB_RATE_LIMITS_ENABLED is off"),
    ],
)
def test_production_settings_refuse_unsafe_values(
    change: dict[str, str], complaint: str, tmp_path
) -> None:  # noqa: ANN001
    result = _settings_in_subprocess(**{**PRODUCTION, "SIB_VAR_DIR": str(tmp_path), **change})
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:  # noqa: ANN001
    result = _settings_in_subprocess(**{**PRODUCTION, "SIB_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr + result.stdout


class TestEmails:
    def test_signup_requires_verification_by_email(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:  # noqa: ANN001
        with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
            response = client.post(
                reverse("account_signup"),
                {
                    "email": "new@example.org",
                    "password1": "a-long-enough-pass",
                    "password2": "a-long-enough-pass",
                },
            )
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session
        (message,) = mailoutbox
        assert message.to == ["new@example.org"] and "/accounts/confirm-email/" in message.body

    def test_password_reset_mail_goes_out_in_the_persons_language(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:  # noqa: ANN001
        UserFactory(email="polka@example.org", preferred_language="pl")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("account_reset_password"),
                {"email": "polka@example.org"},
                HTTP_ACCEPT_LANGUAGE="en",
            )
        (message,) = mailoutbox
        assert "hasła" in message.body or "hasło" in message.body, message.body


class TestTwoFactorLogin:
    def test_staff_with_totp_must_enter_a_code(self, client, settings) -> None:  # noqa: ANN001
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        settings.SIB_STAFF_MFA = True
        coordinator = CoordinatorFactory(email="boss@example.org")
        TOTP.activate(coordinator, generate_totp_secret())
        response = client.post(
            reverse("account_login"), {"login": "boss@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session


class TestStaffTokensFollowTheMFARule:
    """Issue 11, finding 7: a coordinator without TOTP was refused on pages but served through a
    Bearer token."""

    def test_staff_get_a_token_only_after_setting_up_two_factor(self, settings) -> None:  # noqa: ANN001
        from django.core.exceptions import ValidationError

        from sib.accounts.services import api_token_create

        settings.SIB_STAFF_MFA = True
        coordinator = CoordinatorFactory()
        with pytest.raises(ValidationError, match="two-factor authentication"):
            api_token_create(actor=coordinator, user=coordinator, name="x")
        Authenticator.objects.create(
            user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
        assert api_token_create(actor=coordinator, user=coordinator, name="x")[1].startswith("sib_")
        # Non-staff people need no second factor for their tokens.
        person = UserFactory()
        assert api_token_create(actor=person, user=person)[1].startswith("sib_")

    def test_a_staff_token_is_refused_while_its_owner_has_no_totp(self, client, settings) -> None:  # noqa: ANN001
        from sib.accounts.services import api_token_create
        from tests.conftest import bearer

        settings.SIB_STAFF_MFA = False  # a token made before the rule was switched on
        coordinator = CoordinatorFactory()
        token = api_token_create(actor=coordinator, user=coordinator)[1]
        assert client.get("/api/v1/me", **bearer(token)).status_code == 200
        settings.SIB_STAFF_MFA = True
        response = client.get("/api/v1/me", **bearer(token))
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert "Two-factor authentication required" in response.json()["title"]
        # Public endpoints read with that token are refused the same way.
        assert client.get("/api/v1/events", **bearer(token)).status_code == 403

    def test_removing_the_last_totp_revokes_the_staff_tokens(self, client, settings) -> None:  # noqa: ANN001
        from sib.accounts.models import ApiToken
        from sib.accounts.services import api_token_create
        from tests.conftest import bearer

        settings.SIB_STAFF_MFA = True
        coordinator = CoordinatorFactory()
        totp = Authenticator.objects.create(
            user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
        )
        token = api_token_create(actor=coordinator, user=coordinator)[1]
        assert client.get("/api/v1/me", **bearer(token)).status_code == 200
        totp.delete()
        assert ApiToken.objects.get(user=coordinator).revoked_at is not None
        assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1
        assert client.get("/api/v1/me", **bearer(token)).status_code == 401

    def test_the_command_follows_the_same_setting(self, settings) -> None:  # noqa: ANN001
        import io

        from django.core.management import CommandError, call_command

        coordinator = CoordinatorFactory(email="coordinator@demo.sib.example")
        settings.SIB_STAFF_MFA = True
        with pytest.raises(CommandError, match="two-factor authentication"):
            call_command("api_token", coordinator.email)
        settings.SIB_STAFF_MFA = False  # `make run`: the demo coordinator's token works
        out = io.StringIO()
        call_command("api_token", coordinator.email, stdout=out)
        assert out.getvalue().strip().splitlines()[-1].startswith("sib_")
