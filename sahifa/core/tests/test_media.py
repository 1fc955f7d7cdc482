"""Media served by the app (SERVE_MEDIA, the `make run` default) cannot be
used to reach files outside the image and audio folders: above all not the
Wagtail documents of a login-only collection."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

SECRET = b"private-document-body-7f3a"


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    vault = root.add_child(name="خاص")
    restriction = CollectionViewRestriction.objects.create(
        collection=vault, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="الإدارة العليا")[0])
    document = get_document_model().objects.create(
        title="وثيقة سرية", collection=vault, file=ContentFile(SECRET, name="secret.txt")
    )
    yield document
    document.file.delete(save=False)


@pytest.fixture
def image(make_image):
    image = make_image()
    yield image
    image.file.delete(save=False)


def test_images_and_renditions_are_served(client, image):
    original = client.get(image.file.url)
    assert original.status_code == 200
    assert original["Content-Type"] == "image/jpeg"
    assert "sandbox" in original["Content-Security-Policy"]
    assert original["X-Content-Type-Options"] == "nosniff"
    rendition = image.get_rendition("fill-100x100")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_documents_only_through_the_permission_checking_view(client, private_document):
    name = Path(private_document.file.name).name
    assert private_document.file.name.startswith("documents/")
    assert client.get(f"/media/documents/{name}").status_code == 404
    served = client.get(private_document.url)
    assert served.status_code == 302 and "/login/" in served["Location"]
    assert private_document.url.startswith("/documents/")


@pytest.mark.parametrize(
    "template",
    [
        "/media/images/%2e%2e/documents/{name}",
        "/media/images/../documents/{name}",
        "/media/images/%2E%2E/documents/{name}",
        "/media/images/%252e%252e/documents/{name}",
        "/media/images/%25252e%25252e/documents/{name}",
        "/media/images%2f..%2fdocuments/{name}",
        "/media/images/..%2fdocuments/{name}",
        "/media/images/..%5cdocuments/{name}",
        "/media/images/%2e%2e%5cdocuments%5c{name}",
        "/media/images\\..\\documents\\{name}",
        "/media/original_images/%2e%2e/documents/{name}",
        "/media/audio/%2e%2e/documents/{name}",
        "/media/images/./../documents/{name}",
        "/media/images//../documents/{name}",
        "/media/documents/{name}",
        "/media/./documents/{name}",
        "/media//documents/{name}",
        "/media/images/{name}%00.jpg",
    ],
)
def test_traversal_to_a_private_document_is_refused(client, private_document, template):
    name = Path(private_document.file.name).name
    response = client.get(template.format(name=name))
    assert response.status_code == 404
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body


@pytest.mark.parametrize(
    "path",
    [
        "/media//etc/passwd",
        "/media/images//etc/passwd",
        "/media/images/%2fetc%2fpasswd",
        "/media/images/../../../../../../etc/passwd",
        "/media/images/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/media/%2fetc%2fpasswd",
        "/media/etc/passwd",
    ],
)
def test_absolute_and_outside_paths_are_refused(client, db, path):
    assert client.get(path).status_code == 404


def test_symlinks_out_of_the_folder_are_refused(client, private_document, image):
    images = Path(settings.MEDIA_ROOT) / "images"
    images.mkdir(parents=True, exist_ok=True)
    into_documents = images / "leak.txt"
    into_system = images / "passwd.jpg"
    os.symlink(private_document.file.path, into_documents)
    os.symlink("/etc/passwd", into_system)
    try:
        assert client.get("/media/images/leak.txt").status_code == 404
        assert client.get("/media/images/passwd.jpg").status_code == 404
        # A real file next to them is still served.
        assert client.get(image.file.url).status_code == 200
    finally:
        into_documents.unlink()
        into_system.unlink()


def test_hidden_files_and_folders_themselves_are_refused(client, image):
    images = Path(settings.MEDIA_ROOT) / "images"
    hidden = images / ".env"
    hidden.write_text("SECRET_KEY=x")
    try:
        assert client.get("/media/images/.env").status_code == 404
        assert client.get("/media/images/").status_code == 404
        assert client.get("/media/images").status_code == 404
    finally:
        hidden.unlink()
