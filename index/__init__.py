"""The core of scrbot: knowledge loading and validation, search, answers and packs.

Nothing in this package imports Slack.
"""
