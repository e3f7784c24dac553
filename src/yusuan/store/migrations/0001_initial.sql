-- 0001: documents (with their whole extraction and check report), their table rows and values,
-- stated figures, findings, the standard figures used by queries, and the files that could not be read.
-- Written in the SQL that DuckDB and PostgreSQL share; money is DECIMAL, never a float.

CREATE SEQUENCE document_id_seq START 1;

CREATE TABLE documents (
    id              BIGINT PRIMARY KEY DEFAULT nextval('document_id_seq'),
    content_hash    TEXT NOT NULL UNIQUE,
    source          TEXT NOT NULL,
    format          TEXT,
    title           TEXT,
    department_key  TEXT NOT NULL,
    department_code TEXT,
    department_name TEXT,
    region          TEXT,
    year            INTEGER,
    kind            TEXT,
    money_unit      TEXT,
    series_key      TEXT NOT NULL,
    version         INTEGER NOT NULL,
    size_bytes      BIGINT,
    n_tables        INTEGER NOT NULL DEFAULT 0,
    n_rows          INTEGER NOT NULL DEFAULT 0,
    n_narrative     INTEGER NOT NULL DEFAULT 0,
    n_projects      INTEGER NOT NULL DEFAULT 0,
    n_findings      INTEGER NOT NULL DEFAULT 0,
    n_errors        INTEGER NOT NULL DEFAULT 0,
    n_warnings      INTEGER NOT NULL DEFAULT 0,
    n_notes         INTEGER NOT NULL DEFAULT 0,
    ingested_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    disclosure      TEXT NOT NULL,  -- the yusuan extract JSON, as printed
    report          TEXT NOT NULL,  -- the check report JSON (with every rule's outcome)
    UNIQUE (series_key, version)
);

CREATE TABLE document_tables (
    document_id BIGINT NOT NULL,
    table_id    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    title       TEXT,
    money_unit  TEXT,
    empty_note  TEXT,
    n_rows      INTEGER NOT NULL
);

CREATE TABLE table_rows (
    document_id BIGINT NOT NULL,
    table_id    TEXT NOT NULL,
    row_index   INTEGER NOT NULL,
    seq         INTEGER,
    side        TEXT,
    code        TEXT,
    name        TEXT NOT NULL,
    money_unit  TEXT,
    line        INTEGER,
    page        INTEGER,
    cell        TEXT
);

CREATE TABLE row_values (
    document_id BIGINT NOT NULL,
    table_id    TEXT NOT NULL,
    row_index   INTEGER NOT NULL,
    column_id   TEXT NOT NULL,
    value       DECIMAL(24, 6) NOT NULL,
    value_wan   DECIMAL(24, 6)
);

CREATE TABLE narrative_figures (
    document_id BIGINT NOT NULL,
    key         TEXT NOT NULL,
    value       DECIMAL(24, 6) NOT NULL,
    unit        TEXT,
    text        TEXT NOT NULL,
    line        INTEGER,
    page        INTEGER
);

CREATE TABLE findings (
    document_id   BIGINT NOT NULL,
    finding_index INTEGER NOT NULL,
    rule          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    title         TEXT NOT NULL,
    table_id      TEXT NOT NULL,
    row_code      TEXT,
    row_name      TEXT,
    column_id     TEXT,
    expected      TEXT,
    actual        TEXT,
    difference    DECIMAL(24, 6),
    message       TEXT NOT NULL,
    line          INTEGER,
    page          INTEGER,
    cell          TEXT
);

CREATE TABLE figures (
    document_id BIGINT NOT NULL,
    key         TEXT NOT NULL,
    value_wan   DECIMAL(24, 6) NOT NULL,
    origin      TEXT NOT NULL
);

CREATE SEQUENCE failure_id_seq START 1;

CREATE TABLE failures (
    id           BIGINT PRIMARY KEY DEFAULT nextval('failure_id_seq'),
    content_hash TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    error        TEXT NOT NULL,
    failed_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE INDEX table_rows_document ON table_rows (document_id);
CREATE INDEX row_values_document ON row_values (document_id);
CREATE INDEX findings_document ON findings (document_id);
CREATE INDEX figures_document ON figures (document_id);
CREATE INDEX narrative_document ON narrative_figures (document_id);

-- The newest version of each department's document for a year and kind: what queries count.
CREATE VIEW latest_documents AS
SELECT d.id, d.content_hash, d.source, d.format, d.title, d.department_key, d.department_code,
       d.department_name, d.region, d.year, d.kind, d.money_unit, d.series_key, d.version, d.size_bytes,
       d.n_tables, d.n_rows, d.n_narrative, d.n_projects, d.n_findings, d.n_errors, d.n_warnings, d.n_notes,
       d.ingested_at
FROM documents d
JOIN (SELECT series_key, max(version) AS version FROM documents GROUP BY series_key) newest
  ON newest.series_key = d.series_key AND newest.version = d.version;
