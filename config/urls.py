from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import views as account_views
from config.forms import SignInForm

admin.site.site_header = "Children's services improvement – administration"
admin.site.site_title = "Improvement tracker admin"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChange.as_view(), name="password_change"),
    path("password/done/", account_views.PasswordChangeDone.as_view(), name="password_change_done"),
    path("sign-in/", include("accounts.urls")),
    path(
        "accessibility/",
        login_not_required(TemplateView.as_view(template_name="accessibility.html")),
        name="accessibility",
    ),
    path("admin/", admin.site.urls),
    path("", include("tracker.urls")),
]
