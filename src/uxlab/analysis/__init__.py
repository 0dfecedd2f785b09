"""Pure statistics over plain data: intervals, tests, scores. No database, no I/O, no plots."""
