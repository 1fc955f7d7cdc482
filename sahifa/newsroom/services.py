"""Newsroom roles and the review workflow, created idempotently after every
migrate so a fresh install is ready to use."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WRITERS = "الكتّاب"
EDITORS = "المحررون"
ADMINS = "المديرون"
WORKFLOW_NAME = "مراجعة التحرير"
TASK_NAME = "موافقة المحرر"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
# Wagtail's stock groups: our three roles replace them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

# Page permissions on the whole tree (granted on the root page).
PAGE_PERMS = {
    WRITERS: ["add_page"],  # create and edit own drafts, submit for review
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}
IMAGE_PERMS = {
    WRITERS: ["add_image", "choose_image"],
    EDITORS: ["add_image", "change_image", "choose_image", "delete_image"],
    ADMINS: ["add_image", "change_image", "choose_image", "delete_image"],
}
MODEL_PERMS = {
    WRITERS: ["wagtailadmin.access_admin", "authors.view_author"],
    EDITORS: [
        "wagtailadmin.access_admin",
        "authors.add_author",
        "authors.change_author",
        "authors.view_author",
        "taggit.add_tag",
        "taggit.change_tag",
    ],
    ADMINS: [
        "wagtailadmin.access_admin",
        "authors.add_author",
        "authors.change_author",
        "authors.delete_author",
        "authors.view_author",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "core.change_sitesettings",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_newsroom_roles() -> dict[str, Group]:
    root = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root is None or root_collection is None:
        return {}
    groups = {}
    for name in (WRITERS, EDITORS, ADMINS):
        group, created = Group.objects.get_or_create(name=name)
        groups[name] = group
        if not created:
            # Later migrates keep whatever an administrator changed.
            continue
        for dotted in MODEL_PERMS[name]:
            group.permissions.add(_permission(dotted))
        for codename in PAGE_PERMS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission(f"wagtailcore.{codename}")
            )
        for codename in IMAGE_PERMS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(f"wagtailimages.{codename}"),
            )
    ensure_review_workflow(groups[EDITORS], groups[ADMINS], root)
    retire_wagtail_defaults()
    return groups


def retire_wagtail_defaults() -> None:
    """Wagtail's stock English groups and workflow would sit beside our
    roles in the admin. Remove the groups while nobody belongs to them and
    switch the workflow off while no page uses it: anything an administrator
    put to use stays."""
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    unused = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True).exclude(
        workflow_pages__isnull=False
    )
    for workflow in unused:
        workflow.deactivate()


def ensure_review_workflow(editors: Group, admins: Group, root: Page) -> Workflow:
    """One approval step by an editor before anything goes live."""
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(editors, admins)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    # Take over from Wagtail's stock workflow, but never from one an
    # administrator chose.
    if assigned is None or assigned.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver. It reaches apps in INSTALLED_APPS order, so
    every app's permissions are created first, then granted."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_newsroom_roles()
