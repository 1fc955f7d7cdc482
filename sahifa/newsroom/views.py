"""Two-factor pages in the admin: enrol (QR code), verify after sign-in,
switch off."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import accounts


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\d{6}$",
        label="رمز التحقق",
        help_text="الرمز المكوّن من ستة أرقام في تطبيق المصادقة.",
        error_messages={"invalid": "اكتب الرمز المكوّن من ستة أرقام.", "required": "اكتب الرمز."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )

    def clean_token(self):
        # Authenticator apps show "123 456"; the field accepts what they show.
        return self.cleaned_data["token"].replace(" ", "")


def _qr_svg(url: str) -> str:
    # segno writes only paths and numbers: safe to inline.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=2, light="#fff"))  # noqa: S308


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app, or (with a code) switch two-factor off."""
    user = request.user
    form = TokenForm(request.POST or None)
    enrolled = accounts.has_device(user)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if enrolled and request.POST.get("action") == "disable":
            if accounts.must_enrol(user):
                messages.error(request, "التحقق بخطوتين إلزامي لدورك، فلا يمكن إيقافه.")
                return redirect("newsroom_2fa:setup")
            device = match_token(user, token)
            if device is not None:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "أُوقف التحقق بخطوتين لحسابك.")
                return redirect("newsroom_2fa:setup")
            form.add_error("token", "الرمز غير صحيح أو انتهت صلاحيته.")
        elif not enrolled:
            device = accounts.pending_device(user)
            if device.verify_token(token):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(request, "فُعّل التحقق بخطوتين: سيُطلب الرمز عند كل تسجيل دخول.")
                return redirect(accounts.safe_next(request, reverse("wagtailadmin_home")))
            form.add_error("token", "الرمز غير صحيح أو انتهت صلاحيته. جرّب الرمز الظاهر الآن.")
    context = {"form": form, "enrolled": enrolled, "required": accounts.must_enrol(user)}
    if not enrolled:
        device = accounts.pending_device(user)
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
    context["next"] = request.GET.get("next", "")
    return TemplateResponse(request, "newsroom/two_factor_setup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in, for users with a device."""
    if request.user.is_verified() or not accounts.has_device(request.user):
        return redirect(accounts.safe_next(request, reverse("wagtailadmin_home")))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(accounts.safe_next(request, reverse("wagtailadmin_home")))
        form.add_error("token", "الرمز غير صحيح أو انتهت صلاحيته.")
    return TemplateResponse(
        request,
        "newsroom/two_factor_verify.html",
        {"form": form, "next": accounts.safe_next(request, "")},
    )
