"""Mounted at /programme/files/: registration import from .xlsx and the registration form paper."""

from django.urls import path  # noqa: F401

app_name = "programme_files"
urlpatterns = []
