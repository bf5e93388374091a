"""Muster's NLP: articles as read, places, dates and events over spaCy Docs."""
