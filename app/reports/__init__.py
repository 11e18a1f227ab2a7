"""Supervisor reports: service KPIs over a date range, the after-sale ledger API, CSV."""
