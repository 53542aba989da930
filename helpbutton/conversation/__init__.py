"""The conversation on a request between the family (through its private link) and its centre:
the writes (`operations`) and what the pages and counts read (`queries`). The pages are the
family's follow-up page (intake) and the request page (triage)."""
