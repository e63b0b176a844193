from django.urls import path

from siang.servicepoints import views

_POINTS = "unit/<int:unit_id>/service-points/"
_POINT = _POINTS + "<int:pk>/"

urlpatterns = [
    path(_POINTS, views.point_list, name="servicepoints_list"),
    path(_POINTS + "checklist/", views.checklist, name="servicepoints_checklist"),
    path(_POINTS + "new/", views.point_new, name="servicepoint_new"),
    path(_POINTS + "posters.pdf", views.unit_posters, name="servicepoints_posters"),
    path(_POINTS + "qr-codes.zip", views.unit_zip, name="servicepoints_zip"),
    path(_POINTS + "photos/<int:pk>/<str:size>.jpg", views.photo, name="installation_photo"),
    path(_POINT, views.point_detail, name="servicepoint_detail"),
    path(_POINT + "retire/", views.point_retire, name="servicepoint_retire"),
    path(_POINT + "qr-<str:size>.png", views.qr_png, name="servicepoint_qr_png"),
    path(_POINT + "qr.svg", views.qr_svg, name="servicepoint_qr_svg"),
    path(_POINT + "poster.pdf", views.poster, name="servicepoint_poster"),
    path(_POINT + "card.pdf", views.card, name="servicepoint_card"),
    path(_POINT + "website/", views.website_snippet, name="servicepoint_snippet"),
    path(_POINT + "installation/", views.installation_new, name="servicepoint_installation"),
    # PACC
    path("pacc/installations/", views.pacc_queue, name="pacc_installations"),
    path("pacc/installations/<int:pk>/", views.pacc_report, name="pacc_installation"),
]
