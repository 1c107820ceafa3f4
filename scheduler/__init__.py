"""The weekly learning prompt: rotation, schedule, exactly-once state and jobs.

Decides what to post and when, and calls the posting function it is given.
Nothing in this package imports Slack.
"""
