"""Recording sessions: the event vocabulary, the rules for appending events, the live logger."""
