"""Property tests of what people type: the group list and the answers to the organiser's questions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sib.events.forms import RegistrationForm
from sib.events.services import clean_answers

names = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll"), whitelist_characters="ąęłńóśźżĄĘŁŃÓŚŹŻ -'"
    ),
    min_size=1,
    max_size=40,
).filter(lambda name: name.strip() and "," not in name and ";" not in name)


def _members(text: str):  # noqa: ANN202
    form = RegistrationForm.__new__(RegistrationForm)
    form.group = True
    form.cleaned_data = {"members": text}
    return form.clean_members()


@given(st.text(max_size=300))
def test_any_group_list_is_parsed_or_refused_with_reasons(text: str) -> None:
    from django import forms

    try:
        people = _members(text)
    except forms.ValidationError as error:
        assert error.messages
    else:
        assert all(person.full_name for person in people)


@given(st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=10))
def test_names_and_addresses_come_back_as_typed(rows: list[tuple[str, bool]]) -> None:
    lines = [
        f"{name}, person{n}@example.org" if email else name for n, (name, email) in enumerate(rows)
    ]
    people = _members("\n".join(lines))
    assert [p.full_name for p in people] == [name.strip() for name, _e in rows]
    assert [bool(p.email) for p in people] == [email for _n, email in rows]


@pytest.mark.django_db
@given(
    st.dictionaries(
        st.sampled_from(["1", "2", "3", "x", ""]),
        st.one_of(
            st.text(max_size=20),
            st.integers(-3, 5),
            st.booleans(),
            st.none(),
            st.lists(st.integers(-1, 3), max_size=3),
        ),
        max_size=4,
    )
)
def test_answers_are_cleaned_or_refused(answers: dict[str, object]) -> None:
    from sib.events.models import RegistrationQuestion
    from tests.events.factories import EventFactory

    event = EventFactory()
    choice = RegistrationQuestion.objects.create(
        event=event, kind="choice", label="Diet", choices="A\nB\nC"
    )
    yes_no = RegistrationQuestion.objects.create(event=event, kind="yes_no", label="Dinner")
    answers = {
        {"1": str(choice.pk), "2": str(yes_no.pk)}.get(key, key): value
        for key, value in answers.items()
    }
    try:
        cleaned = clean_answers(event, answers)
    except ValidationError as error:
        assert all(key.startswith("answers.") for key in error.message_dict)
    else:
        assert set(cleaned) <= {str(choice.pk), str(yes_no.pk)}
        assert cleaned.get(str(choice.pk), 0) in (0, 1, 2)
        assert cleaned.get(str(yes_no.pk), True) in (True, False)
