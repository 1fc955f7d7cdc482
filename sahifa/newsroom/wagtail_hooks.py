from django.urls import include, path, reverse
from wagtail import hooks

from . import accounts, views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    urls = [
        path("", views.setup, name="setup"),
        path("verify/", views.verify, name="verify"),
    ]
    return [path("two-factor/", include((urls, "newsroom_2fa"), namespace="newsroom_2fa"))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    enrolled = accounts.has_device(request.user)
    return {
        "url": reverse("newsroom_2fa:setup"),
        "label": "التحقق بخطوتين" + (" (مفعّل)" if enrolled else ""),
        "help_text": "رمز من تطبيق مصادقة على هاتفك يُطلب بعد كلمة المرور عند كل تسجيل دخول.",
    }
