"""Microsoft Teams through the Microsoft 365 Agents SDK: ``POST /api/messages`` in the Flask app,
Adaptive Cards over the channel-agnostic conversation core, proactive notifications, and the app
package for the Teams admin centre. Only translation lives here; the rules live in the core."""
