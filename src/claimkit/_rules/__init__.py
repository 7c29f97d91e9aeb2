# The consistency rules, one module per family; `_registry` holds the machinery.
# Importing this package does not import the family modules: `registered_rules()` does.
