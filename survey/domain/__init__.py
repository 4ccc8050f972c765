"""Rules with no I/O and no Flask: inputs, errors, questions, the journey and the definition checks."""
