"""Errors that stop a build; each message is one line for the user."""

__all__ = ["IngestError"]


class IngestError(Exception):
    """The build cannot be made; the message says why and, where it can, what to do."""
