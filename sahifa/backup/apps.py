from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "sahifa.backup"
    label = "backup"
    verbose_name = "النسخ الاحتياطي"
