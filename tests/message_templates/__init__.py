"""Message templates: the administrators pages and what a requests page is offered."""
