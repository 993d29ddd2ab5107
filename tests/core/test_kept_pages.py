"""A signed-in person's kept page (decision 0907): served again only while nothing it read changed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.academy import services
from sib.academy.models import AttendanceStatus
from sib.academy.services import Mark
from sib.core import generations, pagecache
from sib.core.models import TableGeneration, Theme
from tests.academy.builders import edition_with_participants
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _kept_pages_on(settings) -> None:  # noqa: ANN001
    settings.SIB_PAGE_CACHE = True


def without_tokens(content: bytes) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", content)


def fresh(client, url: str, settings) -> bytes:  # noqa: ANN001
    """The page rendered now, with nothing kept."""
    settings.SIB_PAGE_CACHE = False
    content = client.get(url).content
    settings.SIB_PAGE_CACHE = True
    return without_tokens(content)


def served(client, url: str) -> tuple[bytes, int]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return without_tokens(response.content), len(queries)


@pytest.fixture
def grid(client):  # noqa: ANN001, ANN201
    edition = edition_with_participants(6)
    session = edition.sessions.order_by("starts_at").last()  # upcoming: no marks yet
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    return session, coordinator, reverse("academy:attendance", args=[session.pk])


def test_a_kept_page_is_served_with_three_queries_and_the_same_markup(client, grid) -> None:  # noqa: ANN001
    session, _, url = grid
    first, rendering = served(client, url)
    again, serving = served(client, url)
    assert again == first
    # The generations, the session, the person: nothing the page itself reads.
    assert serving <= 3 < rendering


def test_recorded_attendance_shows_on_the_next_request(client, grid, settings) -> None:  # noqa: ANN001
    session, coordinator, url = grid
    before, _ = served(client, url)
    served(client, url)
    enrolment = session.edition.enrolments.order_by("pk").first()
    services.attendance_record(
        actor=coordinator, session=session, marks=[Mark(enrolment.pk, AttendanceStatus.PRESENT)]
    )
    after, queries = served(client, url)
    assert after != before
    assert queries > 3
    assert after == fresh(client, url, settings)


def test_a_bulk_update_shows_on_the_next_request(client, grid, settings) -> None:  # noqa: ANN001
    session, _, url = grid
    before, _ = served(client, url)
    get_user_model().objects.filter(enrolments__edition=session.edition).update(
        full_name=Concat(F("full_name"), Value("-renamed"))
    )
    after, _ = served(client, url)
    assert b"-renamed" in after and b"-renamed" not in before
    assert after == fresh(client, url, settings)


def test_each_person_and_session_has_their_own_copy(client, grid) -> None:  # noqa: ANN001
    session, coordinator, url = grid
    mine, _ = served(client, url)
    other = CoordinatorFactory(full_name="Zofia Otherperson")
    client.force_login(other)
    theirs, queries = served(client, url)
    assert b">Zofia<" in theirs and b">Zofia<" not in mine
    assert queries > 3
    client.force_login(coordinator)  # a new session of the first person: rendered again
    _, queries = served(client, url)
    assert queries > 3


def test_a_kept_page_carries_this_requests_csrf_token(client, grid) -> None:  # noqa: ANN001
    _, _, url = grid
    client.get(url)
    response = client.get(url)
    tokens = TOKEN.findall(response.content)
    assert tokens
    secret = client.cookies["csrftoken"].value
    assert all(_unmask_cipher_token(token.decode()) == secret for token in tokens)


def test_signed_out_the_kept_page_is_gone(client, grid) -> None:  # noqa: ANN001
    _, _, url = grid
    client.get(url)
    client.logout()
    assert client.get(url).status_code == 302


def test_nothing_is_kept_when_switched_off(client, grid, settings) -> None:  # noqa: ANN001
    _, _, url = grid
    settings.SIB_PAGE_CACHE = False
    _, first = served(client, url)
    _, again = served(client, url)
    assert again == first > 3


def test_reading_records_tables_and_writes() -> None:
    with generations.reading() as seen:
        list(get_user_model().objects.all())
    assert "accounts_user" in seen.tables or "auth_user" in seen.tables
    assert not seen.wrote
    with generations.reading() as seen:
        CoordinatorFactory()
    assert seen.wrote


def test_parenthesised_and_common_table_reads_are_reads() -> None:
    # PostgreSQL's form of a union the ORM writes: each part in parentheses.
    assert generations._kind('(SELECT 1 AS "a" FROM "core_theme") UNION (SELECT 2)') == "SELECT"
    with generations.reading() as seen, connection.cursor() as cursor:
        cursor.execute('WITH "t" AS (SELECT "id" FROM "core_sdggoal") SELECT * FROM "t"')
    assert "core_sdggoal" in seen.tables
    assert not seen.wrote


def test_this_process_moves_a_written_table_at_once() -> None:
    table = get_user_model()._meta.db_table
    before = generations.moved_here(table)
    CoordinatorFactory()
    assert generations.moved_here(table) > before


@pytest.mark.django_db(transaction=True)
def test_the_database_moves_after_the_commit_not_before() -> None:
    table = Theme._meta.db_table

    def stored() -> int:
        row = TableGeneration.objects.filter(name=table).first()
        return row.generation if row else 0

    before = stored()
    with transaction.atomic():
        Theme.objects.create(key="kept-1", name="One")
        Theme.objects.filter(key="kept-1").update(position=5)
        assert stored() == before
    assert stored() == before + 1  # one transaction: one move
    with pytest.raises(RuntimeError), transaction.atomic():
        Theme.objects.create(key="kept-2", name="Two")
        raise RuntimeError
    assert stored() == before + 1  # rolled back: nothing to tell the other processes
    Theme.objects.create(key="kept-3", name="Three")
    assert stored() == before + 2
    pagecache.clear()


# --- anonymous visitors and the API (decision 0913) -------------------------------------------------


def test_anonymous_visitors_share_one_copy_each_with_their_own_token(grid) -> None:  # noqa: ANN001
    session, _, _ = grid
    url = reverse("academy:programme-detail", args=[session.edition.programme_id])
    first, second = Client(), Client()
    rendered = first.get(url)
    assert rendered.status_code == 200 and "X-Sib-Page" not in rendered
    with CaptureQueriesContext(connection) as queries:
        kept = second.get(url)
    assert kept["X-Sib-Page"] == "kept"
    assert len(queries) <= 2  # the generations (and nothing the page reads)
    assert without_tokens(kept.content) == without_tokens(rendered.content)
    tokens = TOKEN.findall(kept.content)
    assert tokens
    secret = second.cookies["csrftoken"].value
    assert all(_unmask_cipher_token(token.decode()) == secret for token in tokens)


def test_an_anonymous_copy_follows_a_change(grid) -> None:  # noqa: ANN001
    session, _, _ = grid
    programme = session.edition.programme
    url = reverse("academy:programme-detail", args=[programme.pk])
    Client().get(url)
    assert Client().get(url)["X-Sib-Page"] == "kept"
    type(programme).objects.filter(pk=programme.pk).update(title_en="A renamed programme")
    after = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "X-Sib-Page" not in after
    assert b"A renamed programme" in after.content


def test_an_application_form_is_never_kept() -> None:
    from tests.academy.factories import ApplicationCallFactory
    from tests.factories import EditionFactory

    call = ApplicationCallFactory(edition=EditionFactory(status="recruiting"))
    url = reverse("academy:application-form", args=[call.edition_id])
    keys = set()
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200 and "X-Sib-Page" not in response
        keys.update(re.findall(rb'name="form_key" value="([^"]+)"', response.content))
    assert len(keys) == 2  # each visitor their own draft


def test_an_api_answer_is_kept_for_its_token_only_while_the_token_stands(client, grid) -> None:  # noqa: ANN001
    from sib.accounts.services import api_token_create, api_token_revoke

    _, coordinator, _ = grid
    record, token = api_token_create(actor=coordinator, user=coordinator, name="a")
    _, other = api_token_create(actor=coordinator, user=coordinator, name="b")
    url = "/api/v1/editions"

    def get(secret: str):  # noqa: ANN202
        return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")

    first = get(token)  # notes when the token was last used: a write, not kept
    assert first.status_code == 200 and "X-Sib-Page" not in first
    assert "X-Sib-Page" not in get(token)
    again = get(token)
    assert again["X-Sib-Page"] == "kept" and again.json() == first.json()
    assert "X-Sib-Page" not in get(other) and "X-Sib-Page" not in get(other)  # its own answer
    api_token_revoke(actor=coordinator, token=record)
    assert get(token).status_code == 401
    assert Client().get(url).status_code == 401


def test_a_counted_attempt_is_not_a_reading(settings) -> None:  # noqa: ANN001
    from django.test import RequestFactory

    from sib.core import ratelimit

    settings.SIB_RATE_LIMITS = {**settings.SIB_RATE_LIMITS, "kept_pages_test": "5/m/ip"}
    with generations.reading() as seen:
        ratelimit.hit(RequestFactory().get("/"), "kept_pages_test")
    assert seen.wrote


def test_one_thread_renders_a_copy_the_others_wait_for() -> None:
    assert pagecache._claim("k") is None  # this one renders
    waiting = pagecache._claim("k")
    assert waiting is not None and not waiting.is_set()
    pagecache._release("k")
    assert waiting.is_set()
    assert pagecache._claim("k") is None  # rendered: the next miss renders again
    pagecache._release("k")


def test_the_skos_map_is_kept_until_a_term_changes() -> None:
    # An API reading in Turtle rather than JSON is kept on the same terms (decision 0913).
    from sib.knowledge.models import Term
    from tests.knowledge.factories import TermFactory

    term = TermFactory(label_en="broker")
    url = "/api/v1/terms/skos"
    first = Client().get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("text/turtle")
    assert "X-Sib-Page" not in first
    again = Client().get(url)
    assert again["X-Sib-Page"] == "kept" and again.content == first.content
    Term.objects.filter(pk=term.pk).update(label_en="innovation broker")
    after = Client().get(url)
    assert "X-Sib-Page" not in after and b"innovation broker" in after.content
