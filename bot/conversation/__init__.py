"""The channel-agnostic conversation core: intents, forms, rules and replies as plain data.

``staff`` (STARS submissions), ``attendance`` (hub leads) and ``digest`` (officers) call
``survey.intake`` and the repositories; ``messages`` holds the dataclasses adapters translate.
Nothing here knows about Slack or Teams.
"""
