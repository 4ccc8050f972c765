"""WTForms forms rendered with GOV.UK Frontend widgets: ``<Thing>Form`` classes, the builder that
turns a survey definition into a form class, and validators worded the GOV.UK way ("Enter...",
"Select...")."""
