"""Helpers for testing code that uses claimkit.

[`claimkit.testing.strategies`][claimkit.testing.strategies] holds hypothesis strategies that
generate valid claimkit values. Importing `claimkit.testing` alone imports neither hypothesis
nor pytest; importing the strategies module needs hypothesis installed
(`pip install claimkit[test]`).
"""
