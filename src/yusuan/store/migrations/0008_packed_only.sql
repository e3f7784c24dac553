-- 0008: the compressed extraction and report take the place of the texts. DuckDB alters a table only
-- without indexes of its own, so the two indexes on documents are made again after; the view of the
-- newest versions is made again too, as 0006 did.

DROP VIEW latest_documents;

DROP INDEX documents_department;

DROP INDEX documents_region_year;

ALTER TABLE documents DROP COLUMN disclosure;

ALTER TABLE documents DROP COLUMN report;

ALTER TABLE documents RENAME COLUMN disclosure_packed TO disclosure;

ALTER TABLE documents RENAME COLUMN report_packed TO report;

ALTER TABLE documents ALTER COLUMN disclosure SET NOT NULL;

ALTER TABLE documents ALTER COLUMN report SET NOT NULL;

CREATE INDEX documents_department ON documents (department_key);

CREATE INDEX documents_region_year ON documents (region, year);

CREATE VIEW latest_documents AS
SELECT d.id, d.content_hash, d.source, d.format, d.title, d.department_key, d.department_code,
       d.department_name, d.region, d.year, d.kind, d.money_unit, d.series_key, d.version, d.size_bytes,
       d.n_tables, d.n_rows, d.n_narrative, d.n_projects, d.n_findings, d.n_errors, d.n_warnings, d.n_notes,
       d.n_ocr_pages, d.ingested_at
FROM documents d
JOIN (SELECT series_key, max(version) AS version FROM documents GROUP BY series_key) newest
  ON newest.series_key = d.series_key AND newest.version = d.version;
