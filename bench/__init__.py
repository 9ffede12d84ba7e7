"""Benchmarks: `python -m bench.model` (the tagger in process, against spaCy) and
`python -m bench.http` (the service under gunicorn, against its own /healthz).

Each writes JSON, a markdown table and a PNG plot under bench/results/ (or --out);
`--tiny` runs a few-second version that the test suite uses to keep them from rotting.
"""
