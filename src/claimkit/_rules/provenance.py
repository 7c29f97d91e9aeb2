# The provenance family of rules (being written).
