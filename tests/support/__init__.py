"""What tests share: app settings, the command line, signed Slack requests and factories for
people and records. Fixtures built on these are in tests/conftest.py and
tests/integration/conftest.py; the fakes of Slack and Teams are in tests/fakes/."""
