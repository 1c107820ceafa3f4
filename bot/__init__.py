"""Everything Slack: the Bolt app, listeners, Block Kit, posting, the console and the CLI."""
