"""What every blueprint shares; above all `guarded`, the one path every write goes through."""
