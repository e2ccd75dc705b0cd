"""Database backends: Django's own, with what this project changes about them."""
