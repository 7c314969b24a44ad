-- +goose Up

-- English names of units, for the English interface and the public
-- hearings page: the full name ("Xiantao Municipal People's
-- Procuratorate") and the short one used in tables ("Xiantao"), the
-- counterparts of name and short_name (仙桃市人民检察院, 仙检). Optional:
-- where none is set the Chinese name is shown.
ALTER TABLE units
    ADD COLUMN name_en text CHECK (length(name_en) BETWEEN 1 AND 200),
    ADD COLUMN short_name_en text CHECK (length(short_name_en) BETWEEN 1 AND 40);

-- The procuratorates of the demo data set, for databases seeded before
-- this migration: matched by code and Chinese name, so that a real unit
-- that happens to share a code keeps whatever it has.
UPDATE units AS u SET name_en = v.name_en, short_name_en = v.short_name_en
FROM (VALUES
    ('420000', '湖北省人民检察院', 'Hubei Provincial People''s Procuratorate', 'Hubei'),
    ('429000', '湖北省人民检察院汉江分院', 'Hanjiang Branch, Hubei Provincial People''s Procuratorate', 'Hanjiang Branch'),
    ('429004', '仙桃市人民检察院', 'Xiantao Municipal People''s Procuratorate', 'Xiantao'),
    ('429005', '潜江市人民检察院', 'Qianjiang Municipal People''s Procuratorate', 'Qianjiang'),
    ('429006', '天门市人民检察院', 'Tianmen Municipal People''s Procuratorate', 'Tianmen'),
    ('420100', '武汉市人民检察院', 'Wuhan Municipal People''s Procuratorate', 'Wuhan')
) AS v (code, name, name_en, short_name_en)
WHERE u.code = v.code AND u.name = v.name AND u.name_en IS NULL AND u.short_name_en IS NULL;

-- +goose Down
ALTER TABLE units DROP COLUMN name_en, DROP COLUMN short_name_en;
