"""Where a package for the student's archive folder goes. One interface, so a Noark 5 web-service
adapter (Public 360, Elements, Fiks Arkiv) can take the folder adapter's place by a setting."""

from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class ArchiveAdapter:
    """`deliver` files one package — the arkivmelding and its documents — and returns a reference to
    it that an archivist can find again (a path, a receipt id). It raises on failure: nothing is
    recorded as archived unless it was delivered."""

    name = "adapter"

    def deliver(self, *, package_id: str, school, arkivmelding: bytes, files: dict[str, bytes]) -> str:
        raise NotImplementedError


class FolderAdapter(ArchiveAdapter):
    """Writes the package to ARCHIVE_EXPORT_DIR/<school id>/<package id>/: arkivmelding.xml and the
    PDF/A documents under dokumenter/. Written to a temporary name and renamed when complete, so an
    importer never reads half a package."""

    name = "mappe"

    def __init__(self, root: Path | None = None):
        self.root = Path(root or settings.ARCHIVE_EXPORT_DIR)

    def deliver(self, *, package_id: str, school, arkivmelding: bytes, files: dict[str, bytes]) -> str:
        target = self.root / str(school.pk) / package_id
        partial = target.with_name(f".{package_id}.partial")
        (partial / "dokumenter").mkdir(parents=True, exist_ok=False)
        for name, content in files.items():
            (partial / "dokumenter" / name).write_bytes(content)
        (partial / "arkivmelding.xml").write_bytes(arkivmelding)
        partial.rename(target)
        return str(target)


def get_adapter() -> ArchiveAdapter:
    return import_string(settings.ARCHIVE_ADAPTER)()
