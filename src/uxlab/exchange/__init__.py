"""Exchange formats: events JSONL/CSV, results CSV, problems CSV, subtitles and cut lists."""
