# The timelines family of rules (being written).
