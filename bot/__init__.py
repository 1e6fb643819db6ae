"""quqyq bot."""
