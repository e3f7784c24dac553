-- 0007: each document's extraction and check report stored compressed (yusuan.store.packed), beside the
-- texts; the migration compresses the texts of documents stored before. 0008 puts them in the texts' place.

ALTER TABLE documents ADD COLUMN disclosure_packed BYTEA;

ALTER TABLE documents ADD COLUMN report_packed BYTEA;
