"""Block Kit for every surface scrbot shows, one module per surface.

:mod:`~bot.blocks.primitives` holds Slack's limits and the builders that enforce
them; :mod:`~bot.blocks.ids` the action, callback and block ids the listeners
match on; :mod:`~bot.blocks.answers`, :mod:`~bot.blocks.cases`, :mod:`~bot.blocks.lists`,
:mod:`~bot.blocks.home`, :mod:`~bot.blocks.supervision`, :mod:`~bot.blocks.packs`
and :mod:`~bot.blocks.digest` build what each surface shows.
"""
