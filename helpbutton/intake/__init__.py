"""Intake: the public form, the confirmation and the family's follow-up (`views`), the partner
button's entry, and the JSON intake API for partners' own channels (`api/`). `operations`
validates, stores and routes a request and queues its mail; the caller commits once.
"""
