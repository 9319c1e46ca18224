from django.urls import path

from coso.org import views, views_suggest

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("list/", views.unit_list, name="list"),
    path("suggest/", views_suggest.suggest, name="suggest"),
    path("list/export.xlsx", views.unit_export, name="export"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/move/", views.unit_move, name="move"),
    path("<int:pk>/merge/", views.unit_merge, name="merge"),
    path("<int:pk>/classify/", views.unit_classify, name="classify"),
    path("<int:parent_pk>/add/", views.unit_create, name="create"),
    path("<int:pk>/departments/", views.department_list, name="departments"),
    path("<int:pk>/departments/add/", views.department_create, name="department_add"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
]
