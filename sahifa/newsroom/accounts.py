"""Newsroom accounts: who may sign in, how often they may get it wrong, and
the optional second factor (TOTP, django-otp).

Login throttling is django-axes (settings in base.py); what it needs from us
is the client address behind the proxy and an Arabic lockout page
(templates/newsroom/lockout.html). Two-factor: a user with a confirmed TOTP
device is signed in only half-way until they type a code
(`TwoFactorMiddleware` sends them to the verification page); with
SAHIFA_NEWSROOM_REQUIRE_2FA, editors, admins and superusers without a device
are sent to enrol first."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from sahifa.core.security import client_ip as _client_ip

from .services import ADMINS, EDITORS

DEVICE_NAME = "تطبيق المصادقة"


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address the proxy saw, as the audience
    beacons read it (SAHIFA_AUDIENCE_CLIENT_IP_HEADER, trusted proxies only)."""
    return _client_ip(request.META)


# How Arabic counts a noun: one, two, 3–10, 11–99, and round hundreds.
CHARACTERS = ("حرف واحد", "حرفان", "أحرف", "حرفاً", "حرف")
MINUTES = ("دقيقة واحدة", "دقيقتان", "دقائق", "دقيقة", "دقيقة")


def arabic_count(number: int, forms: tuple[str, str, str, str, str]) -> str:
    """«12 حرفاً», «5 أحرف», «حرفان»."""
    one, two, few, many, hundreds = forms
    if number == 1:
        return one
    if number == 2:
        return two
    if 3 <= number % 100 <= 10:
        return f"{number} {few}"
    if 11 <= number % 100 <= 99:
        return f"{number} {many}"
    return f"{number} {hundreds}"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator; its Arabic catalogue lacks the plural forms most
    lengths need (12 came out in English)."""

    def _length(self) -> str:
        return arabic_count(self.min_length, CHARACTERS)

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"كلمة المرور قصيرة جداً: يجب ألا تقل عن {self._length()}.",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"يجب ألا تقل كلمة المرور عن {self._length()}."


# -- two-factor ---------------------------------------------------------------
def must_enrol(user) -> bool:
    """Required two-factor applies to those who can publish or manage people."""
    if not settings.SAHIFA_NEWSROOM_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=[EDITORS, ADMINS]).exists()


def has_device(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same key on every reload of
    the enrolment page, until a code from it is accepted."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: an authenticated user who owes a
    code (has a device, not yet verified in this session) or must enrol
    reaches nothing but the verification or enrolment page, sign-out and
    static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return self.get_response(request)
        if request.path == reverse("wagtailadmin_logout"):
            return self.get_response(request)
        if has_device(user):
            target = reverse("newsroom_2fa:verify")
        elif must_enrol(user):
            target = reverse("newsroom_2fa:setup")
        else:
            return self.get_response(request)
        if request.path == target:
            return self.get_response(request)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, in Arabic, with HTTP 429."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    context = {"minutes": arabic_count(minutes, MINUTES)}
    return render(request, "newsroom/lockout.html", context, status=429)
