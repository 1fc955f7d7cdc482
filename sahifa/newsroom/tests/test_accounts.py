"""Newsroom accounts through the real admin sign-in: lockout after repeated
wrong passwords (django-axes), password rules, session length and TOTP
two-factor (django-otp) with codes computed from the device's key."""

import base64
import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sahifa.newsroom import accounts
from sahifa.newsroom.services import EDITORS, WRITERS

pytestmark = pytest.mark.django_db

PASSWORD = "قلم-أزرق-فوق-المكتب-٢٠٢٦"
LOCKED = "أُوقف تسجيل الدخول مؤقتاً"


@pytest.fixture
def editor(home):
    user = get_user_model().objects.create_user("editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def writer(home):
    user = get_user_model().objects.create_user("writer", password=PASSWORD)
    user.groups.add(Group.objects.get(name=WRITERS))
    return user


def sign_in(client, username, password, **extra):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, **extra
    )


def signed_in(client) -> bool:
    return client.get(reverse("wagtailadmin_home")).status_code == 200


# -- lockout -------------------------------------------------------------------
def test_forty_wrong_passwords_then_the_right_one_is_refused(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    statuses = [sign_in(client, "editor", f"wrong-{i}").status_code for i in range(40)]
    # The form answers the first wrong tries, the lockout page the rest.
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * 9
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "15 دقيقة" in page and 'dir="rtl"' in page
    assert not signed_in(client)


def test_lockout_ends_after_the_cool_off(client, editor, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", f"wrong-{i}")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    # Fifteen minutes pass without another try.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    # A success clears the count: one more typo is not a lockout.
    client.logout()
    assert sign_in(client, "editor", "typo").status_code == 200
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_one_username_is_locked_from_every_address(client, editor, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", f"wrong-{i}", REMOTE_ADDR=f"198.51.100.{i + 1}")
    response = sign_in(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 429


def test_client_address_behind_the_proxy(client, editor, writer, settings):
    settings.SAHIFA_AUDIENCE_CLIENT_IP_HEADER = "X-Forwarded-For"
    # Through the trusted proxy (127.0.0.1): the address nginx appended counts.
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody-{i}", "x", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert (
        sign_in(client, "writer", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    )
    # Another reader behind the same proxy is not locked out with them.
    assert (
        sign_in(client, "writer", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302
    )
    # A client that is not a trusted proxy cannot choose its address.
    client.logout()
    sign_in(client, "ghost", "x", REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert AccessAttempt.objects.filter(username="ghost").get().ip_address == "192.0.2.5"


# -- passwords and sessions ---------------------------------------------------
@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("قصيرة", "يجب ألا تقل عن 12 حرفاً"),
        ("password1234", "كلمة المرور هذه شائعة جداً"),
        ("839204718263", "تتكون من أرقام فقط"),
    ],
)
def test_weak_passwords_are_refused_in_arabic(password, expected):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    messages = " ".join(error.value.messages)
    assert expected in messages
    assert not re.search(r"[A-Za-z]{3}", messages), messages


def test_a_long_password_is_accepted(editor):
    validate_password(PASSWORD, user=editor)


def test_arabic_counts():
    assert accounts.arabic_count(1, accounts.CHARACTERS) == "حرف واحد"
    assert accounts.arabic_count(2, accounts.MINUTES) == "دقيقتان"
    assert accounts.arabic_count(8, accounts.CHARACTERS) == "8 أحرف"
    assert accounts.arabic_count(12, accounts.CHARACTERS) == "12 حرفاً"
    assert accounts.arabic_count(100, accounts.MINUTES) == "100 دقيقة"


def test_admin_session_lasts_twelve_hours(client, editor):
    remembered = client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor", "password": PASSWORD, "remember": "on"},
    )
    assert remembered.cookies["sessionid"]["max-age"] == 12 * 3600
    client.logout()
    # Without «تذكرني» the cookie ends with the browser, and the session on
    # the server still ends after twelve hours.
    response = sign_in(client, "editor", PASSWORD)
    assert response.cookies["sessionid"]["max-age"] == ""
    session = Session.objects.get(session_key=response.cookies["sessionid"].value)
    left = session.expire_date - timezone.now()
    assert timedelta(hours=11, minutes=59) < left <= timedelta(hours=12)


# -- two-factor ------------------------------------------------------------------
def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `device` (RFC 6238)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("newsroom_2fa:setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "qrline" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # The key shown for typing by hand is the device's.
    secret = re.search(r"<code dir=\"ltr\">([A-Z2-7]+)</code>", html)[1]
    assert secret == base64.b32encode(device.bin_key).decode().rstrip("=")
    wrong = client.post(reverse("newsroom_2fa:setup"), {"action": "confirm", "token": "000000"})
    assert "الرمز غير صحيح" in wrong.content.decode() or code(device) == "000000"
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    response = client.post(
        reverse("newsroom_2fa:setup"), {"action": "confirm", "token": code(device)}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrolment_then_every_sign_in_asks_for_the_code(client, editor):
    device = enrol(client, editor)
    client.post(reverse("wagtailadmin_logout"))

    assert sign_in(client, "editor", PASSWORD).status_code == 302
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("newsroom_2fa:verify"))
    # Every admin page waits for the code, not only the dashboard.
    pages = client.get(reverse("wagtailadmin_explore_root"))
    assert pages["Location"].startswith(reverse("newsroom_2fa:verify"))

    verify = reverse("newsroom_2fa:verify")
    wrong = client.post(verify, {"token": f"{(int(code(device, 1)) + 1) % 10**6:06d}"})
    assert "الرمز غير صحيح" in wrong.content.decode()
    assert not signed_in(client)
    device.refresh_from_db()
    device.throttle_reset()
    # The code from the next 30-second step (the enrolment used this one's).
    ok = client.post(verify, {"token": code(device, 1), "next": "/admin/pages/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/pages/"
    assert signed_in(client)


def test_verification_redirect_keeps_only_local_targets(client, editor):
    device = enrol(client, editor)
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "editor", PASSWORD)
    response = client.post(
        reverse("newsroom_2fa:verify"),
        {"token": code(device, 1), "next": "https://evil.example/phish"},
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_two_factor_can_be_switched_off_with_a_code(client, writer):
    device = enrol(client, writer)
    response = client.post(
        reverse("newsroom_2fa:setup"), {"action": "disable", "token": code(device, 1)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()


def test_users_without_a_device_are_not_asked(client, editor):
    sign_in(client, "editor", PASSWORD)
    assert signed_in(client)


def test_required_two_factor_for_editors(client, editor, writer, settings):
    settings.SAHIFA_NEWSROOM_REQUIRE_2FA = True
    sign_in(client, "editor", PASSWORD)
    response = client.get(reverse("wagtailadmin_home"))
    assert response["Location"].startswith(reverse("newsroom_2fa:setup"))
    assert "إلزامي" in client.get(reverse("newsroom_2fa:setup")).content.decode()
    device = TOTPDevice.objects.get(user=editor)
    client.post(reverse("newsroom_2fa:setup"), {"action": "confirm", "token": code(device)})
    assert signed_in(client)
    # Editors cannot switch it off while it is required.
    client.post(reverse("newsroom_2fa:setup"), {"action": "disable", "token": code(device, 1)})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    # Writers are not required to enrol.
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "writer", PASSWORD)
    assert signed_in(client)


def test_account_page_links_to_two_factor(client, writer):
    client.force_login(writer)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("newsroom_2fa:setup") in page and "التحقق بخطوتين" in page
