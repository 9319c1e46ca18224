from django.urls import path

from coso.people import views, views_records, views_suggest

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("export.xlsx", views.person_export, name="export"),
    path("add/", views.person_create, name="create"),
    path("suggest/", views_suggest.suggest, name="suggest"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    # Records under a person, one set of views for every kind (coso/people/records.py).
    path("<int:pk>/<slug:kind>/add/", views_records.record_create, name="record_add"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/edit/", views_records.record_edit, name="record_edit"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/delete/", views_records.record_delete, name="record_delete"),
]
