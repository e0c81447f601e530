from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("sso/start/", views.SignInStart.as_view(), name="sso-start"),
    path("sso/callback/", views.SignInCallback.as_view(), name="sso-callback"),
    path("no-access/", views.no_access, name="no-access"),
]
