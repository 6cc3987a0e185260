"""WTForms per area, on a shared base (portal.forms.base): the wizard's steps (application,
requests, bound to the steps by portal.forms.steps), attachments, the case's actions and
decision, the caseworker's filters and the logins. Fields render through portal.forms.render.
"""
