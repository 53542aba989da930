"""The privacy lifecycle: retention and erasure, a family's data exported on request, and the
audit trail of who viewed or changed which request (the region administrator's pages)."""
