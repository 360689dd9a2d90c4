"""Evaluations: a panel's shared, lasting work on one tender, in a database.

The contract is shared/evaluation.md. `scoring` reads and scores bids and never imports
this package; this package keeps bids (bytes and SHA-256), the panel, their scores,
service-user views, the agreed scores and reasons, and the decision, with every change
in a hash-chained audit log.

Pages and commands use four modules, always with the signed-in member's id:
- `evaluations.store`: `open_store(url)` and `unit_of_work(engine, write=...)`;
- `evaluations.services`: every change (and `sign_in`, `member_by_email`);
- `evaluations.views`: every read, per role (`show`, `progress`, `moderation_view`,
  `ranking`, `audit_log`, ...);
- `evaluations.reports`: the decision's Word documents (`report_checks`, `write_reports`),
  made by `documents` from the snapshot `snapshot_of` builds.
Every one of them refuses, with `process.Refused`, what the member's role and the stage
do not allow.

One direction only. At the bottom: `models`, `store`, `process`, `audit`, `codes`,
`criteria`, `details`, `bids`. Above them what both sides read: `records` (who acts, live
bids, declarations), `moderation` (the panel's cells, reason checks, the ranking) and
`snapshots` (the documents' input). Then `services` (commands) and `views` (queries),
which never import each other; `reports` (the documents adapter) over both; `cli` and
`demo` on top. Imports `scoring` and `documents`; never `app_pages`.
"""
