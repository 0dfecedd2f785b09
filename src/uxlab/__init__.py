"""uxlab: record moderated usability-test sessions and turn them into honest numbers."""


def __getattr__(name: str) -> str:
    # Looked up only when asked for: importlib.metadata costs every command ~45 ms otherwise.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("uxlab")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(name)
