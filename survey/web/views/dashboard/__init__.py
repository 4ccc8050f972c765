"""The officers' dashboard: every measure with RAG and trend, a page per measure with the evidence
behind it, attendance for hub leads, staff submissions with their status, and the report download.

One blueprint (``dashboard``, under /dashboard) shared by a module per screen:

- ``overview``: every measure on one page, and the report download of the same view;
- ``measures``: a measure's page with its evidence, and the figures officers enter;
- ``attendance``: who came to each network's meetings in a term;
- ``submissions``: staff submissions, their status, replies and links;
- ``users``: the accounts (admins only).

``base`` holds the blueprint and the roles; ``filters`` and ``rows`` what several screens share.

Roles, on every route: admins and officers see everything in their organisation (an officer tied
to an LA sees that LA's evidence only) and may enter figures and change statuses; hub leads see
their own network's meetings and read everything else. Figures on screen are suppressed like any
export unless an admin or officer asks for exact figures, which are then marked as such.
"""

from __future__ import annotations

# Each screen module adds its routes to the blueprint when imported.
from survey.web.views.dashboard import attendance, measures, overview, submissions, users
from survey.web.views.dashboard.base import blueprint

__all__ = ["attendance", "blueprint", "measures", "overview", "submissions", "users"]
