-- 0004: indexes for a corpus of many documents: a department's documents (the cross-document rules
-- ask for them after every write, and the series queries start from them), the documents of a region
-- and year, and the findings of a rule.

CREATE INDEX documents_department ON documents (department_key);
CREATE INDEX documents_region_year ON documents (region, year);
CREATE INDEX findings_rule ON findings (rule);
