"""Statistics for administrators: aggregation in SQL (`queries`), charts, accessible tables and
CSV, with no personal data."""
