"""Reports: the follow-up figures, the ESF participant report, and their exports
(docs/reports.md). No Qt."""
