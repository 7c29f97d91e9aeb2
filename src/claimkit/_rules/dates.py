# The dates family of rules (being written).
