"""The `uxlab` command line: thin click commands; the one place errors become exit codes."""
