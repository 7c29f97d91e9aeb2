# The sources family of rules (being written).
