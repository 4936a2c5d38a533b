"""The xxgk web service: FastAPI app (service.app.create_app), SQLAlchemy storage with
Alembic migrations, a worker pool for extraction jobs, API tokens and the review queue.

`xxgk serve` (service.cli) starts it on localhost with the embedded defaults; see
service/README.md.
"""
