"""Load the shipped content files into the database, safely and repeatably."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from authoring.sync import file_states, record_files
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
        "on any bad file nothing is written and the errors name file and field. Refuses to overwrite "
        "rows changed in the admin since the last load or export, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite rows changed in the admin with the files (their edits stay in the history).",
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        with transaction.atomic(), index.deferred() as search_index:
            loaders, loaded = content_loaders(), []
            for loader in loaders:
                records, errors = loader.parse_all()
                if errors:
                    raise CommandError("Content not loaded; fix these files:\n" + "\n".join(f"  {e}" for e in errors))
                at_risk = [state for state in file_states(loader) if state.would_lose_admin_edits]
                if at_risk and not options["force"]:
                    raise CommandError(self.refusal(at_risk))
                for state in at_risk:
                    self.stdout.write(f"  overwriting admin edits (--force): {state.path}")
                counts = {"created": [], "updated": [], "unchanged": []}
                for record in records:
                    counts[loader.apply(record)].append(record["path"])
                linked = loader.finish(records)
                record_files(loader)
                for path in counts["created"] + counts["updated"]:
                    if verbose or len(counts["created"]) + len(counts["updated"]) <= 20:
                        status = "created" if path in counts["created"] else "updated"
                        self.stdout.write(f"  {status}: {path}")
                self.stdout.write(
                    f"{loader.label}: {len(counts['created'])} created, {len(counts['updated'])} updated, "
                    f"{len(counts['unchanged'])} unchanged" + (f", links changed on {len(linked)}" if linked else "")
                )
                for warning in loader.warnings():
                    self.stdout.write(f"  warning: {warning}")
                loaded.append((loader, records))
            errors = [error for loader in loaders for error in loader.check_loaded(loaded)]
            if errors:
                raise CommandError("Content not loaded; fix these files:\n" + "\n".join(f"  {e}" for e in errors))
        self.stdout.write(f"search index: {search_index['rows']} rows rebuilt")

    def refusal(self, states):
        lines = [
            "Content not loaded: these rows were changed in the admin since the last load or export, "
            "and loading would overwrite them.",
            "Run `manage.py export_content`, review and commit the files, then load again; "
            "or load with --force to discard the admin edits (the history keeps them).",
        ]
        for state in states:
            lines += ["", f"  {state.path}: {state.describe()}"] + [f"    {line}" for line in state.diff()]
        return "\n".join(lines)
