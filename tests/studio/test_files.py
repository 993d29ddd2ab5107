"""Project files: the type judged by content and the size capped (translated messages, the form
shows them), stored through the storage API, downloaded only by the team, its mentors and
coordinators, deleted with their stored file."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sib.studio.models import ProjectFile
from tests.factories import CoordinatorFactory, UserFactory
from tests.studio.factories import member_of, mentor_of, team_project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, project, name="notes.pdf", data=PDF, language="en", title="Interviews"):
    return client.post(
        reverse("studio:files", args=[project.pk]),
        {"title": title, "file": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_a_member_uploads_a_file_typed_by_content_and_the_team_downloads_it(client):
    project = team_project()
    client.force_login(member_of(project))
    response = _upload(client, project, name="scan.txt")  # PDF bytes under a .txt name
    assert response.status_code == 302
    record = ProjectFile.objects.get(project=project)
    assert (record.filename, record.content_type, record.size) == (
        "scan.pdf",
        "application/pdf",
        len(PDF),
    )
    assert record.file.name.startswith("studio/files/") and "scan" not in record.file.name
    assert default_storage.exists(record.file.name)
    page = client.get(reverse("studio:project", args=[project.pk])).content.decode()
    assert reverse("studio:file", args=[record.pk]) in page
    for person in (member_of(project), mentor_of(project), CoordinatorFactory()):
        client.force_login(person)
        download = client.get(reverse("studio:file", args=[record.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment")
        assert download["Cache-Control"] == "private, no-store"


def test_a_script_named_pdf_is_refused_with_a_message_in_the_persons_language(client):
    project = team_project()
    client.force_login(member_of(project))
    for language, words in (("en", "it was not saved"), ("pl", "nie został zapisany")):
        response = _upload(
            client, project, name="cv.pdf", data=b"\x7fELF\x02\x01\x01\x00", language=language
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert words in html
        assert 'value="Interviews"' in html  # what was typed is kept
    assert not ProjectFile.objects.exists()


def test_a_file_over_the_cap_is_refused(client, settings):
    settings.SIB_PROJECT_FILE_MAX_MB = 1
    project = team_project()
    client.force_login(member_of(project))
    big = PDF + b"0" * (1024 * 1024)
    for language, words in (("en", "larger than 1 MB"), ("pl", "większy niż 1 MB")):
        response = _upload(client, project, data=big, language=language)
        assert response.status_code == 400
        assert words in response.content.decode()
    assert not ProjectFile.objects.exists()
    assert _upload(client, project, data=PDF).status_code == 302


def test_others_get_404_or_403_and_the_public_never_downloads(client):
    project = team_project()
    client.force_login(member_of(project))
    _upload(client, project)
    record = ProjectFile.objects.get()
    other_team = team_project()
    stranger = member_of(other_team)
    client.force_login(stranger)
    assert client.get(reverse("studio:file", args=[record.pk])).status_code == 404
    assert client.get(reverse("studio:files", args=[project.pk])).status_code == 404
    assert _upload(client, project).status_code == 404
    assert client.post(reverse("studio:file-delete", args=[record.pk])).status_code == 404
    # Once published, the project is readable but its files stay the team's.
    project.published_at = project.created_at
    project.save()
    assert client.get(reverse("studio:file", args=[record.pk])).status_code == 403
    assert client.get(reverse("studio:files", args=[project.pk])).status_code == 403
    assert reverse("studio:file", args=[record.pk]) not in (
        client.get(reverse("studio:project", args=[project.pk])).content.decode()
    )
    client.logout()
    assert client.get(reverse("studio:file", args=[record.pk])).status_code == 403
    assert client.get(reverse("studio:files", args=[project.pk])).status_code == 302
    assert client.get(reverse("studio:file", args=[record.pk + 100])).status_code == 404


def test_delete_removes_the_record_and_the_stored_file(client, django_capture_on_commit_callbacks):
    project = team_project()
    client.force_login(member_of(project))
    _upload(client, project)
    record = ProjectFile.objects.get()
    name = record.file.name
    client.force_login(UserFactory())
    assert client.post(reverse("studio:file-delete", args=[record.pk])).status_code == 404
    client.force_login(mentor_of(project))
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("studio:file-delete", args=[record.pk]))
    assert response.status_code == 302
    assert not ProjectFile.objects.exists()
    assert not default_storage.exists(name)
