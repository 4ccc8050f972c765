"""Fakes of external services, served on 127.0.0.1 with port 0."""
