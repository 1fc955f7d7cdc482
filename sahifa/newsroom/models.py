"""No models: roles and workflow live in Django auth and Wagtail."""
