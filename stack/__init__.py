"""The running stack behind the bot: the Rasa server (engine env) and the action server (app env).

One place knows how to configure, start, wait for and stop them, so the run script, the test
fixtures and the benchmarks start exactly the same components.
"""
