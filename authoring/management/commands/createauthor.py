"""Create (or promote) a staff user in the Content authors group."""

import getpass
import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from authoring.permissions import ensure_authors_group, ensure_editors_group


class Command(BaseCommand):
    help = (
        "Create a content author: a staff user in the 'Content authors' group. The password comes "
        "from --password, the AUTHOR_PASSWORD environment variable, or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)
        parser.add_argument("--editor", action="store_true", help="Also an editor: may publish draft revisions.")

    def handle(self, username, email, password, **options):
        group = ensure_authors_group(apps)
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        password = password or os.environ.get("AUTHOR_PASSWORD")
        if created and not password:
            if not options.get("interactive", True) or not os.isatty(0):
                raise CommandError("Give a password with --password or AUTHOR_PASSWORD.")
            password = getpass.getpass(f"Password for {username}: ")
        if password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.add(group)
        if options.get("editor"):
            user.groups.add(ensure_editors_group(apps))
        role = "editor" if options.get("editor") else "content author"
        self.stdout.write(f"{'Created' if created else 'Updated'} {role} {username}.")
