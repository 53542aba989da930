"""Mail: the outbox (queued in the caller's transaction), who gets which notification, the
worker and its commands (`cli`), and the region administrator's page of failed mail (`views`).
"""
