"""Logging in: parents through a login provider, staff with local accounts."""
