"""quqyq knowledge."""
