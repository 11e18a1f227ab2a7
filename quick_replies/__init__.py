"""Quick-reply scripts and the text matching behind them (normalisation, index, scoring)."""
