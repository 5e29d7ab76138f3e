"""The seeds' programs (real user code, re-indented) and their runnable adapters and fixes."""
