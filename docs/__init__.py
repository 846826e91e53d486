"""Scripts that draw the pictures in docs/ from a demo database (screenshots, printed forms)."""
