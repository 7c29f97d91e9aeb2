# The grounding family of rules (being written).
