from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class CoreConfig(AppConfig):
    default = True  # this module holds other apps' configs too
    name = "coso.core"
    verbose_name = "Cơ Sở"


# Third-party apps under Vietnamese names in the admin (issue 15 point 10): INSTALLED_APPS
# lists these instead of "axes" and "django_tasks_db"; their models' and fields' names are in
# locale/vi/LC_MESSAGES/django.po.
class AxesConfig(AxesAppConfig):
    default = False
    verbose_name = _("Đăng nhập sai, khoá đăng nhập")


class TasksDbConfig(TasksAppConfig):
    default = False
    verbose_name = _("Tác vụ nền")
