"""ringkas: Indonesian news in, short English briefings out."""

__version__ = "0.1.0"
