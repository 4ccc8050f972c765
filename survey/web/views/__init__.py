"""Blueprints, one module per journey. Views are thin: build the form, validate, call a service,
redirect (post/redirect/get)."""
