"""The local database and what keeps it safe: the file and its schema, its checks, backups and the sole
writer; the audit trail and the sync outbox written with every change; the search index, undo, attachments
and reference data."""
