-- 0028-visit-attachments.sql - photos and papers of a visit (走访慰问, issue
-- #12): kept in the content-addressed store of the case attachments
-- (src/core/common/files.c), one row per file of a visit.
CREATE TABLE visit_attachments (
	id INTEGER PRIMARY KEY,
	visit_id INTEGER NOT NULL REFERENCES visits(id),
	name TEXT NOT NULL,
	mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
	size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
	stored_path TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX visit_attachments_visit ON visit_attachments(visit_id, id);
