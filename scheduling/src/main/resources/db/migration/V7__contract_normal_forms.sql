-- One 契約番号 typed in several forms (Ｒ８道路第１２号, R8道路第12号) is one contract: no_key holds the
-- number's normal form (NFKC, white space collapsed), which a new contract's number must not share
-- with an existing one; search_text holds 契約番号, 工事名 and 受注者 in the archive's search form
-- (NFKC, lower case), which contract search matches against. Both are computed in Java (there is no
-- NFKC in SQL): on insert and update, and for rows written before this version when the scheduling
-- services start (JdbcContractRepository.fillNormalForms). no_key is not unique: numbers stored before
-- may already collide, and are reported in the log instead of stopping start-up.
ALTER TABLE contracts ADD COLUMN no_key VARCHAR(800);
ALTER TABLE contracts ADD COLUMN search_text VARCHAR(8000);
CREATE INDEX contracts_no_key ON contracts (no_key);
