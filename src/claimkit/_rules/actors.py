# The actors family of rules (being written).
