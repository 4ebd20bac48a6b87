from reports_helpers import baerum  # noqa: F401  the Bærum-like meeting fixture
