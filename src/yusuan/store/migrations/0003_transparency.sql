-- 0003: each document's transparency score (yusuan.score.transparency): the score per hundred points
-- possible (NULL for a document that is not a budget or final account), the points earned and possible,
-- and every part with its points and evidence as JSON. Documents stored before this migration are
-- scored from their stored extraction (yusuan.store.store).

CREATE TABLE transparency_scores (
    document_id BIGINT NOT NULL,
    score       DECIMAL(5, 1),
    earned      DECIMAL(8, 2) NOT NULL,
    possible    DECIMAL(8, 2) NOT NULL,
    parts       TEXT NOT NULL
);

CREATE INDEX transparency_document ON transparency_scores (document_id);
