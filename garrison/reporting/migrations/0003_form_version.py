"""A field's or rule's foreign key to its form version is `form_version` (it was `version`, a
name that belongs to core's lock counter). Renamed, so every row is kept; the rows then get the
lock counter and time stamps of every other register (existing rows start at version 1)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_report_forms_and_submissions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="formfield", name="reporting_field_key"),
        migrations.RenameField(model_name="formfield", old_name="version", new_name="form_version"),
        migrations.RenameField(model_name="formrule", old_name="version", new_name="form_version"),
        migrations.AddConstraint(
            model_name="formfield",
            constraint=models.UniqueConstraint(
                fields=("form_version", "key"), name="reporting_field_key"
            ),
        ),
        migrations.AlterModelOptions(
            name="formfield",
            options={
                "ordering": ["form_version", "order", "pk"],
                "verbose_name": "form field",
                "verbose_name_plural": "form fields",
            },
        ),
        migrations.AlterModelOptions(
            name="formrule",
            options={
                "ordering": ["form_version", "pk"],
                "verbose_name": "validation rule",
                "verbose_name_plural": "validation rules",
            },
        ),
        migrations.AddField(
            model_name="formfield",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="formfield",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="formfield",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="formrule",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="formrule",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="formrule",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
    ]
