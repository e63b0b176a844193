from django.urls import path

from siang.accounts import views

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/notifications/", views.notifications, name="notifications"),
    path("accounts/request/", views.role_request, name="role_request"),
    path("accounts/request/unit/<int:unit_id>/admin/", views.request_admin, name="request_admin"),
    path("accounts/request/unit/<int:unit_id>/user/", views.request_user, name="request_user"),
    path("accounts/request/overseer/", views.request_overseer, name="request_overseer"),
    path("accounts/applications/<int:pk>/document", views.application_document, name="application_document"),
    path("pacc/applications/", views.pacc_applications, name="pacc_applications"),
    path("pacc/applications/<int:pk>/", views.pacc_application, name="pacc_application"),
    path("pacc/overseers/", views.pacc_overseers, name="pacc_overseers"),
    path("pacc/officers/", views.pacc_officers, name="pacc_officers"),
    path("pacc/undelivered/", views.pacc_undelivered, name="pacc_undelivered"),
    path("pacc/overseers/<int:pk>/decide", views.pacc_overseer_decide, name="pacc_overseer_decide"),
    path("unit/<int:unit_id>/users/", views.unit_users, name="unit_users"),
    path("unit/<int:unit_id>/users/<int:pk>/decide", views.unit_user_decide, name="unit_user_decide"),
    path("unit/<int:unit_id>/users/<int:pk>/revoke", views.unit_user_revoke, name="unit_user_revoke"),
]
