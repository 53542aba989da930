"""Statistics for administrators: charts, accessible tables and CSV, with no personal data."""
from helpbutton.stats.views import bp

__all__ = ["bp"]
