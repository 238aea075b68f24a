"""Benchmarks (not run by the test suite): `python -m bench.<name> [--scale small|national]`.

Each prints one line per figure: `<figure>: <value> <unit> (baseline <value>, ratio <x>)`, the
baseline being the same work done with the raw database driver in the same process."""
