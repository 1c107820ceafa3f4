"""The weekly learning prompt in Slack: how a post looks, how it is posted (with its
question as the first reply in the thread), how an earlier post is found again by its
slot marker, and how the admins hear when a channel cannot be posted in.

The rotation, schedule and exactly-once record are in :mod:`scheduler`; this
package hands the scheduler the functions that talk to Slack. Start it with
:func:`bot.digest.service.start_scheduler`.
"""
