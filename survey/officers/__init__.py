"""Use cases for officers: indicators, reports, submissions, you said we did, accounts, tokens."""
