"""Reference data (regions, municipalities, postal codes, topics) and the invented demo data,
with their `flask refdata` and `flask demo` commands."""
