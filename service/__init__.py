"""The xxgk web service (FastAPI app and review UI) — see issue 5; not built yet."""
