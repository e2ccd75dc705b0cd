"""The load-and-fault script (run.py) and the real-server harness it shares with the concurrency tests."""
