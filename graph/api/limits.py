"""The limits the API server enforces, in one place (docs/api.md, "Limits", has the figures).

Plain numbers: `kg --help` shows them without importing the server.
"""

__all__ = ["LOOPBACK_HOSTS"]

# Host headers always answered: names that only this machine resolves to itself.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
