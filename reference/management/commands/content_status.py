"""Like `git status` for content: rows and files that differ, and on which side they changed."""

from django.core.management.base import BaseCommand

from authoring.sync import file_states

from .load_content import content_loaders


class Command(BaseCommand):
    help = (
        "List the content whose database row and file differ: changed in the admin (export_content "
        "writes it out), changed in the files (load_content reads it in), or both."
    )

    def add_arguments(self, parser):
        parser.add_argument("--diff", action="store_true", help="Show each difference, file to database.")

    def handle(self, *args, **options):
        differing = 0
        for loader in content_loaders():
            for state in file_states(loader):
                if state.in_sync:
                    continue
                differing += 1
                self.stdout.write(f"  {state.describe()}: {state.path}")
                if options["diff"]:
                    self.stdout.write("\n".join(f"    {line}" for line in state.diff(limit=400)))
        if differing:
            self.stdout.write(f"{differing} differ between the database and the files.")
        else:
            self.stdout.write("The database and the files agree.")
