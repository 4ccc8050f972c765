"""The yousaid service: app factory, configuration, CLI, domain objects, intake and views.

This file imports nothing, so ``bot`` importing ``survey.intake`` never drags in the app factory
(which imports ``bot``): there is no circular import to work around.
"""
