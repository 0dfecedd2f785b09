"""Charts of a study (matplotlib, Agg): from analysis results to SVG and PNG."""
