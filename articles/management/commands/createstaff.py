import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

ROLES = {"writer": "Writers", "editor": "Editors"}


class Command(BaseCommand):
    help = "Create a staff account as a writer or an editor (the password is asked for, or read from STAFF_PASSWORD)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        password = os.environ.get("STAFF_PASSWORD")
        if not password and not sys.stdin.isatty():
            raise CommandError(
                "No terminal to ask for the password: set STAFF_PASSWORD, for example\n"
                f"  STAFF_PASSWORD='a long passphrase' python manage.py createstaff {username} --role {role}"
            )
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        password = password or getpass.getpass(f"Password for {username}: ")
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(self.style.SUCCESS(f"Created {role} {username!r}."))
