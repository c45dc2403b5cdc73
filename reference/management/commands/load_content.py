"""Load the shipped content files into the database, safely and repeatably."""
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from search import index


def content_loaders():
    """One loader per app that ships content, in INSTALLED_APPS order (codes before comparisons)."""
    return [
        import_string(config.content_loader)()
        for config in apps.get_app_configs()
        if getattr(config, "content_loader", None)
    ]


class Command(BaseCommand):
    help = (
        "Validate the content files and create or update their rows. All or nothing: "
        "on any bad file nothing is written and the errors name file and field."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        with transaction.atomic(), index.deferred() as search_index:
            for loader in content_loaders():
                records, errors = loader.parse_all()
                if errors:
                    raise CommandError(
                        "Content not loaded; fix these files:\n" + "\n".join(f"  {e}" for e in errors)
                    )
                counts = {"created": [], "updated": [], "unchanged": []}
                for record in records:
                    counts[loader.apply(record)].append(record["path"])
                linked = loader.finish(records)
                for path in counts["created"] + counts["updated"]:
                    if verbose or len(counts["created"]) + len(counts["updated"]) <= 20:
                        status = "created" if path in counts["created"] else "updated"
                        self.stdout.write(f"  {status}: {path}")
                self.stdout.write(
                    f"{loader.label}: {len(counts['created'])} created, {len(counts['updated'])} updated, "
                    f"{len(counts['unchanged'])} unchanged"
                    + (f", links changed on {len(linked)}" if linked else "")
                )
        self.stdout.write(f"search index: {search_index['rows']} rows rebuilt")
