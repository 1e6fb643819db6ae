"""quqyq storage."""
