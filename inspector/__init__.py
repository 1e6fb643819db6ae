"""quqyq inspector."""
