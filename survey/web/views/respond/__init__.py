"""A parent answering a survey: start page, consent, question pages, check your answers,
confirmation, save and return, Easy Read and language switching, QR codes.

Views stay thin: they build the form, ask ``survey.parents.drafts`` to check and keep answers, and
redirect (post/redirect/get). One blueprint (``respond``, under /s/<slug>) shared by a module per
step: ``start``, ``questions``, ``check``, ``save_and_return`` and ``qr_codes``; ``base`` holds the
blueprint and what every page shares.
"""

from __future__ import annotations

# Each step's module adds its routes to the blueprint when imported.
from survey.web.views.respond import check, qr_codes, questions, save_and_return, start
from survey.web.views.respond.base import blueprint

__all__ = ["blueprint", "check", "qr_codes", "questions", "save_and_return", "start"]
