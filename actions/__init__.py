"""Rasa custom actions of quqyq (run with ``python -m rasa_sdk --actions actions``).

One module per feature; the action server imports every module of this package.
"""
