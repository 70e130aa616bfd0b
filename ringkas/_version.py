"""The version of ringkas: one place, read by the package, the signature and the build."""

__version__ = "0.1.0"
