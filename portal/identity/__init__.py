"""Who is using the portal: the session and its cookie, staff passwords, and the login
providers that tell the portal who a parent is. The login pages themselves are the `auth`
blueprint; every blueprint asks this package who is logged in."""

from portal.models.login_session import end_sessions

__all__ = ["end_sessions"]
