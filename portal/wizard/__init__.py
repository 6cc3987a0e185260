"""The wizard's own room: which steps each request has (`steps`), a step's answers as typed
and the document they become (`answers`), what the rules say about them (`checks`), and a
submitted request read back as sections of questions and answers (`case_view`).

Nothing here knows a form, a request or the database: the steps' forms bind to the wizard in
portal.forms.steps, and the views above put the two together.
"""
