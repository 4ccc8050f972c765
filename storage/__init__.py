"""The evidence store: models (private), repositories (typed functions per aggregate), migrations.

Other packages reach the database only through ``storage.repositories`` and ``storage.database``.
"""
