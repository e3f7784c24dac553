-- 0002: every rule's outcome for each document (通过/不通过/不适用/数据不足), so that a query can tell a
-- rule that passed from one that did not apply or could not run (findings only hold what failed).
-- Documents stored before this migration get theirs from their stored report (yusuan.store.store).

CREATE TABLE rule_outcomes (
    document_id BIGINT NOT NULL,
    rule        TEXT NOT NULL,
    outcome     TEXT NOT NULL
);

CREATE INDEX rule_outcomes_document ON rule_outcomes (document_id);
