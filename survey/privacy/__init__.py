"""Data-protection operations: retention, subject requests and redaction."""
