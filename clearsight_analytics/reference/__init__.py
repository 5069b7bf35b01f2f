"""Data files Clearsight ships: published DfE benchmarks (see README.md in this folder).

A package only so that `importlib.resources` finds the files; it has no code. Read them with
`clearsight_analytics.benchmarks.load_reference()`.
"""
