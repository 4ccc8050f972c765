"""The Slack adapter: Bolt listeners that translate Block Kit to and from ``bot.conversation``."""
