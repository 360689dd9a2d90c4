"""The scoring rules, one module per rule or small family, each with its id, area,
rationale, evidence and one check from a bid to findings.

Rules import only from `scoring` (the models, the rulebook, the stress model); nothing
above it. The engine finds every module here by itself.
"""
