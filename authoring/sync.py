"""Which content differs between the database and the files, and on which side it changed.

Each file's fingerprint as last loaded or exported is stored (ContentFile). A row whose
fingerprint has moved since was edited in the admin; a file whose fingerprint has moved was
edited in git. `load_content` refuses to overwrite the first kind; `content_status` lists both.
"""

import difflib
from dataclasses import dataclass

from .models import ContentFile


@dataclass
class FileState:
    path: str
    file_text: str | None
    database_text: str | None
    file_fingerprint: str | None
    database_fingerprint: str | None
    recorded: str | None  # the fingerprint both agreed on at the last load or export, if any

    @property
    def in_sync(self):
        return self.file_fingerprint == self.database_fingerprint

    @property
    def changed_in_admin(self):
        """The row moved (or was deleted) since the last load or export.

        A row with no record at all predates fingerprints (a database loaded by an older
        load_content, which always overwrote): the files are taken as the truth for it, as they
        were then, and the load records it, so protection starts from that load on."""
        if self.in_sync or self.recorded is None:
            return False
        if self.database_text is None:
            return True
        return self.database_fingerprint != self.recorded

    @property
    def changed_in_files(self):
        return not self.in_sync and self.file_text is not None and self.file_fingerprint != self.recorded

    @property
    def would_lose_admin_edits(self):
        """Loading the file would overwrite a row someone changed in the admin."""
        return self.file_text is not None and self.changed_in_admin

    def describe(self):
        if self.file_text is None:
            if self.recorded is not None:
                return "deleted from the files (the row stays until deleted in the admin)"
            return "only in the database (export_content writes it)"
        if self.database_text is None:
            if self.recorded is not None:
                return "deleted in the admin (loading brings it back)"
            return "only in the files (load_content creates it)"
        if self.recorded is None:
            return "differs, with no record of the last load or export"
        if self.changed_in_admin and self.changed_in_files:
            return "changed in the admin and in the files"
        return "changed in the admin" if self.changed_in_admin else "changed in the files"

    def diff(self, limit=80):
        """The unified diff from the file to the database row, as lines (at most `limit`)."""
        lines = list(
            difflib.unified_diff(
                (self.file_text or "").splitlines(),
                (self.database_text or "").splitlines(),
                fromfile=f"{self.path} (file)",
                tofile=f"{self.path} (database)",
                lineterm="",
                n=1,
            )
        )
        if len(lines) > limit:
            lines = lines[:limit] + [f"... {len(lines) - limit} more lines"]
        return lines


def file_states(loader):
    """A FileState for every file and every row of one loader, sorted by path."""
    files = {loader.display_path(path): path.read_text(encoding="utf-8") for path in loader.files()}
    rows = loader.rows_as_files()
    recorded = dict(ContentFile.objects.filter(path__in=list(files | rows)).values_list("path", "fingerprint"))
    states = []
    for path in sorted(files | rows):
        file_text, database_text = files.get(path), rows.get(path)
        states.append(
            FileState(
                path=path,
                file_text=file_text,
                database_text=database_text,
                file_fingerprint=loader.fingerprint(file_text, path) if file_text is not None else None,
                database_fingerprint=loader.fingerprint(database_text, path) if database_text is not None else None,
                recorded=recorded.get(path),
            )
        )
    return states


def record_files(loader):
    """After a load: every file's fingerprint is now what its row holds."""
    ContentFile.record(
        {
            loader.display_path(path): loader.fingerprint(path.read_text(encoding="utf-8"), loader.display_path(path))
            for path in loader.files()
        }
    )


def record_rows(loader):
    """After an export into the project: every row's fingerprint is now what its file holds."""
    ContentFile.record({path: loader.fingerprint(text, path) for path, text in loader.rows_as_files().items()})
