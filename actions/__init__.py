"""Rasa custom actions of quqyq (run with ``python -m rasa_sdk --actions actions``).

One module per feature; the action server imports every module of this package.
"""

from actions import server_errors

# The action server imports this package before it builds its Sanic app (in every worker):
# from then on an escaped exception is answered without the request it came with.
server_errors.install()
