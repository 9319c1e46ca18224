from django.urls import path

from coso.documents import views

app_name = "documents"
urlpatterns = [
    path("sample/<str:fmt>/", views.sample, name="sample"),
]
