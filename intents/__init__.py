"""Intent rules, slot extraction, the matching engine and the bot built on it."""
