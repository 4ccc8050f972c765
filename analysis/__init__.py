"""Analysis of what people said: sentiment, themes, link suggestions, indicators and reports.

Everything here works offline (no corpus or model downloads). Text functions are pure; indicator
and report code reads through ``storage.repositories`` and never imports the web layer or the bots.
"""
