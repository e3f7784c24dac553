-- 0005: summaries of the newest documents, for the standard questions over a corpus of many documents
-- (yusuan.store.summaries): each department's standard figures by year (the document each year is read
-- from, and the year before's value), each newest document's findings per rule, and each newest
-- document's transparency score with the parts that lost points. They hold what the queries over the
-- base tables compute, copied, never recomputed: both answer alike. A batch of documents marks its
-- departments in summary_pending in its own transaction, and their summaries are rebuilt after it;
-- while a department is pending, the queries read the base tables.

CREATE TABLE summary_figures (
    department_key  TEXT NOT NULL,
    key             TEXT NOT NULL,
    year            INTEGER NOT NULL,
    value_wan       DECIMAL(24, 6) NOT NULL,
    previous_wan    DECIMAL(24, 6),
    document_id     BIGINT NOT NULL,
    department_name TEXT,
    region          TEXT,
    kind            TEXT
);

CREATE INDEX summary_figures_department ON summary_figures (department_key);
CREATE INDEX summary_figures_key_year ON summary_figures (key, year, region);

-- The departments and their regions, a row each: a name or region asked by a part of it (LIKE '%…%')
-- is looked for here, and the figures then found by the indexes.
CREATE TABLE summary_departments (
    department_key TEXT NOT NULL,
    region         TEXT
);

CREATE INDEX summary_departments_key ON summary_departments (department_key);

CREATE TABLE summary_findings (
    document_id     BIGINT NOT NULL,
    rule            TEXT NOT NULL,
    title           TEXT NOT NULL,
    department_key  TEXT NOT NULL,
    department_name TEXT,
    region          TEXT,
    year            INTEGER,
    kind            TEXT,
    source          TEXT NOT NULL,
    n_findings      INTEGER NOT NULL,
    n_errors        INTEGER NOT NULL
);

CREATE INDEX summary_findings_rule ON summary_findings (rule);
CREATE INDEX summary_findings_department ON summary_findings (department_key);

CREATE TABLE summary_transparency (
    document_id     BIGINT NOT NULL,
    department_key  TEXT NOT NULL,
    department_name TEXT,
    region          TEXT,
    year            INTEGER,
    kind            TEXT,
    score           DECIMAL(5, 1) NOT NULL,
    earned          DECIMAL(8, 2) NOT NULL,
    possible        DECIMAL(8, 2) NOT NULL,
    lost            TEXT NOT NULL
);

CREATE INDEX summary_transparency_year ON summary_transparency (year, region);
CREATE INDEX summary_transparency_department ON summary_transparency (department_key);

CREATE TABLE summary_pending (
    department_key TEXT NOT NULL
);
