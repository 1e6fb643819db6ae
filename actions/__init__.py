"""quqyq actions."""
