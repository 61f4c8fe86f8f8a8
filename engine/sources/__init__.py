"""Reading files: YAML, JSON and CSV into values that remember their source positions.

Nothing here knows what a rule or a submission is; it turns bytes into located data, and
every failure into a located ``Problem``.
"""
