"""The application wizard (blueprint in portal.apply.views)."""
