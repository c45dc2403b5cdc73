"""Write database content back to the content files, so admin edits can be committed."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from authoring.sync import record_rows

from .load_content import content_loaders


class Command(BaseCommand):
    help = "Write every code, comparison and the wizard tree back to their content files."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=None, help="Write under this folder instead of the project (e.g. to diff).")

    def handle(self, *args, **options):
        root = Path(options["to"]) if options["to"] else Path(settings.CONTENT_DIR)
        into_project = root.resolve() == Path(settings.CONTENT_DIR).resolve()
        for loader in content_loaders():
            written = loader.export(root / loader.directory)
            if into_project:
                record_rows(loader)
            self.stdout.write(f"{loader.label}: {len(written)} files written to {root / loader.directory}")
