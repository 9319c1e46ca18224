import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="cancel_reason",
            field=models.TextField(blank=True, verbose_name="lý do hủy"),
        ),
        migrations.AddField(
            model_name="placement",
            name="cancelled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="targetgrouprule",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="tạo lúc"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="targetgrouprule",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="sửa lúc"),
        ),
        migrations.AddField(
            model_name="targetgrouprule",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản"),
        ),
    ]
