"""Word documents made from stored data (python-docx), never from HTML."""
