"""ASGI entry point: the playground (/try/, /lab/) under `make serve`, where sleeping requests cost
no worker (granian --interface asgi config.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_ASGI"] = "1"
application = get_asgi_application()
