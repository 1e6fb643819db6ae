"""quqyq scoring."""
