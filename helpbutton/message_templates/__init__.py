"""Message templates: ready-made texts ("we tried to call you…", "when would suit you?") in
Finnish, Swedish and English that staff start a message to the family from. Kept by the
region's administrator (region-wide) and a municipality's (its own) under
/admin/message-templates/; `queries.templates_for` is what the request page offers."""
