"""Pure rules and values, with no database: text and its search key, money, dates, field validation,
progress, and the errors users read."""
