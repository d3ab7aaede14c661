"""The case store: clinics, API keys, page sign-ins and reported cases (SQLAlchemy + Alembic).

`db` makes the engine and runs migrations, `keys` issues and checks API keys, `service` stores and
reads cases. Nothing here opens a database at import time.
"""
