"""Who may see the newsroom's numbers: the audience statistics and export,
and the audio report. Those who can publish (editors, admins, superusers),
not writers: reading figures per story is an editorial decision tool, and
the exports carry every story's traffic."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

# Wagtail's page policy: "publish" anywhere in the tree.
PUBLISHERS = PagePermissionPolicy()
REPORTS_PERMISSION = "publish"


def can_view_reports(user) -> bool:
    return user.is_active and PUBLISHERS.user_has_permission(user, REPORTS_PERMISSION)


def require_reports_permission(view):
    """For function views: a 403 (Wagtail's admin shows it) for the others."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class ReportsMenuItem(MenuItem):
    """A reports menu entry shown only to those who may open it."""

    def is_shown(self, request):
        return can_view_reports(request.user)
