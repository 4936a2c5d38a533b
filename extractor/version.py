"""The installed xxgk version (pyproject.toml's, as the distribution metadata has it)."""
try:
    from importlib.metadata import version as _dist_version

    __version__ = _dist_version("xxgk")
except Exception:  # running from a checkout that was never installed
    __version__ = "0.1.0"
