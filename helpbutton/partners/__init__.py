"""Partners that show the button or use the intake API: the region administrator's pages under
/admin/partners/, their operations and `flask partners`."""
