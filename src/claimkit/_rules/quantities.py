# The quantities family of rules (being written).
