"""The caseworker's workspace (blueprint in portal.staff.views)."""
