"""Protocol files: YAML -> validated, versioned study definitions (SPEC §3)."""
