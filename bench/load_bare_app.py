"""The load benchmark's baseline: the barest Flask + SQLAlchemy app that stores one row per POST,
served by the same gunicorn settings, so yousaid's figures can be read against what the stack
itself costs on this machine in the same run.

    gunicorn 'bench.load_bare_app:create_app()'   (DATABASE_URL as for yousaid)
"""

from __future__ import annotations

import os

from flask import Flask, request
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from storage.database import make_engine  # plain SQLAlchemy, with the same SQLite pragmas

metadata = MetaData()
rows = Table(
    "bench_bare_row",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", String(200), nullable=False),
)


def create_app() -> Flask:
    engine = make_engine(os.environ["DATABASE_URL"])  # the table is made by the harness
    app = Flask(__name__)

    @app.post("/row")
    def store_row() -> tuple[str, int]:
        with engine.begin() as connection:
            connection.execute(insert(rows).values(value=request.form.get("value", "")[:200]))
        return "stored", 201

    return app
