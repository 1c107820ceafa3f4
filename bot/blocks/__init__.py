"""Block Kit for every surface scrbot shows, one module per surface.

:mod:`~bot.blocks.primitives` holds Slack's limits and the builders that enforce
them; :mod:`~bot.blocks.ids` the action, callback and block ids the listeners
match on; :mod:`~bot.blocks.safety` the lines every answer carries for a child's
safety. :mod:`~bot.blocks.search` (what a lookup shows), :mod:`~bot.blocks.answers`
(the answer card) with :mod:`~bot.blocks.answer_buttons`, :mod:`~bot.blocks.no_answer`
(not covered, or nothing found), :mod:`~bot.blocks.cases`, :mod:`~bot.blocks.lists`,
:mod:`~bot.blocks.home`, :mod:`~bot.blocks.feedback`, :mod:`~bot.blocks.supervision`,
:mod:`~bot.blocks.packs` and :mod:`~bot.blocks.digest` build what each surface shows.
"""
