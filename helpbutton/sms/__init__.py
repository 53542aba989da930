"""SMS: a gateway behind a small interface (gateway.py), configured by environment."""
