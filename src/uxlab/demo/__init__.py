"""A synthetic study for `uxlab demo` and for benchmarks."""
