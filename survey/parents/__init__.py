"""Use cases for parents and carers: drafts with save and return, distribution links."""
