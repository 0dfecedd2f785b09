"""uxlab: record moderated usability-test sessions and turn them into honest numbers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("uxlab")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
