from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sib.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete

        from sib.accounts.signals import revoke_tokens_without_totp, speak_the_profiles_language

        post_delete.connect(
            revoke_tokens_without_totp, sender=Authenticator, dispatch_uid="sib-staff-tokens-mfa"
        )
        user_logged_in.connect(speak_the_profiles_language, dispatch_uid="sib-login-language")
        from allauth.account import signals as account_signals

        from sib.accounts.signals import ACCOUNT_EVENTS, audit_account_event

        for name, action in ACCOUNT_EVENTS.items():
            if action is not None:
                getattr(account_signals, name).connect(
                    audit_account_event(action), weak=False, dispatch_uid=f"sib-audit-{name}"
                )
