"""400, 403, 404, 405 and 500 answer with the site's layout, in the person's language, with a way back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from sib.core import views as core_views
from sib.urls import urlpatterns as site_urls


def _forbidden(request):  # noqa: ANN001, ANN202
    raise PermissionDenied("internal reason, never shown")


def _broken(request):  # noqa: ANN001, ANN202
    raise RuntimeError("boom")


urlpatterns = [path("test-forbidden/", _forbidden), path("test-broken/", _broken), *site_urls]
handler500 = "sib.core.views.server_error"

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.mark.parametrize(
    ("language", "url", "status", "title"),
    [
        ("en", "/no-such-page/", 404, "Page not found"),
        ("pl", "/no-such-page/", 404, "Nie znaleziono strony"),
        ("en", "/test-forbidden/", 403, "Access denied"),
        ("pl", "/test-forbidden/", 403, "Brak dostępu"),
        ("en", "/academy/calendar/reset/", 405, "Not allowed here"),
        ("pl", "/academy/calendar/reset/", 405, "Niedozwolone"),
    ],
)
def test_error_pages_have_the_layout_the_language_and_a_way_back(
    client: Client, language: str, url: str, status: int, title: str
) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory(preferred_language=language))
    client.cookies["sib_language"] = language
    response = client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert title in html
    assert 'class="site-header"' in html and 'class="main-nav"' in html
    assert 'href="/"' in html
    assert "internal reason" not in html


def test_the_403_page_offers_a_visitor_the_login(client: Client) -> None:
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    assert "/accounts/login/?next=/test-forbidden/" in response.content.decode()


def test_the_500_page_renders_without_the_database_or_a_request_context(
    client: Client, django_assert_num_queries
) -> None:  # noqa: ANN001
    client.raise_request_exception = False
    client.cookies["sib_language"] = "pl"
    response = client.get("/test-broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Błąd serwera" in html and 'href="/"' in html and 'lang="pl"' in html
    from django.test import RequestFactory

    request = RequestFactory().get("/anything/")
    with django_assert_num_queries(0):
        page = core_views.server_error(request)
    assert page.status_code == 500


@override_settings(DEBUG=False)
def test_a_failed_csrf_check_answers_the_sites_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be sent" in html and 'href="/"' in html
