"""The web layer: the app factory, extensions, session sign-in, views, templates and static files."""
