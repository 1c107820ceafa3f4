"""Everything scrbot says to people, one module per surface.

The voice is a good practice educator's: plain British English, warm, brief, no
blame, and no jargon without its meaning. Templates use ``str.format`` fields;
the caller escapes anything a person typed before it is put in (see
:func:`bot.blocks.primitives.escape_mrkdwn`). Slack mrkdwn is allowed here (``*bold*``).
"""
