"""Bench-only routes (bench/benchmark.py), included by coso/urls.py when ``BENCH_VIEWS`` is on."""

from django.urls import path

from coso.core import views_bench

urlpatterns = [
    path("bench/floor/", views_bench.floor, name="bench_floor"),
    path("bench/floor/signed-in/", views_bench.floor_signed_in, name="bench_floor_signed_in"),
]
