-- 0006: how many pages of each document were read from their pictures by OCR (scans), so that a corpus
-- can tell the figures a recognizer read from those of a text layer. 0 for a document whose every page
-- has text. Documents stored before are filled from their reports (report.ocr_pages) by the migration.

ALTER TABLE documents ADD COLUMN n_ocr_pages INTEGER;

DROP VIEW latest_documents;

CREATE VIEW latest_documents AS
SELECT d.id, d.content_hash, d.source, d.format, d.title, d.department_key, d.department_code,
       d.department_name, d.region, d.year, d.kind, d.money_unit, d.series_key, d.version, d.size_bytes,
       d.n_tables, d.n_rows, d.n_narrative, d.n_projects, d.n_findings, d.n_errors, d.n_warnings, d.n_notes,
       d.n_ocr_pages, d.ingested_at
FROM documents d
JOIN (SELECT series_key, max(version) AS version FROM documents GROUP BY series_key) newest
  ON newest.series_key = d.series_key AND newest.version = d.version;
