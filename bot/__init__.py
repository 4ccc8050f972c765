"""Chat channels for staff and hub leads: a channel-agnostic conversation core (``bot.conversation``)
and adapters that only translate (``bot.slack`` for Slack's Bolt, ``bot.teams`` for Microsoft
Teams through the Microsoft 365 Agents SDK). Only the app factory imports this package."""
