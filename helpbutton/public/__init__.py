from helpbutton.public.views import bp

__all__ = ["bp"]
