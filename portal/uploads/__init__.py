"""Receiving files: the request body streamed to storage, each file's type decided from its
content, and the checks a careful archive makes before it keeps a file."""
