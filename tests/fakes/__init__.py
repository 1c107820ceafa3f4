"""Slack's side of the conversation, on loopback: the Web API, signed requests, Socket Mode."""
