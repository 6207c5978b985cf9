-- Reference data that every installation has: the 15 routes and the 5 qualification categories.
-- Keys are the domain's raw values (Approvals.Route, Approvals.QualificationCategory).

CREATE TABLE routes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    other_names TEXT                         -- another name in use, e.g. "Education and childcare"
) STRICT;

INSERT INTO routes (code, name, other_names) VALUES
    ('agriculture_environmental_animal_care', 'Agriculture, environmental and animal care', NULL),
    ('business_administration', 'Business and administration', NULL),
    ('care_services', 'Care services', NULL),
    ('catering_hospitality', 'Catering and hospitality', NULL),
    ('construction_built_environment', 'Construction and the built environment', NULL),
    ('creative_design', 'Creative and design', NULL),
    ('digital', 'Digital', NULL),
    ('education_early_years', 'Education and early years', 'Education and childcare'),
    ('engineering_manufacturing', 'Engineering and manufacturing', NULL),
    ('hair_beauty', 'Hair and beauty', NULL),
    ('health_science', 'Health and science', NULL),
    ('legal_finance_accounting', 'Legal, finance and accounting', NULL),
    ('protective_services', 'Protective services', NULL),
    ('sales_marketing_procurement', 'Sales, marketing and procurement', NULL),
    ('transport_logistics', 'Transport and logistics', NULL);

CREATE TABLE categories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    levels TEXT NOT NULL,                    -- comma-separated: '2,3'
    age_groups TEXT NOT NULL,                -- what the category allows; see the domain for the L3 adult-only case
    relation_to_standard TEXT NOT NULL CHECK (relation_to_standard IN ('aligns', 'builds_upon', 'none_exists', 'selectively_covers')),
    proposal_first TEXT NOT NULL,            -- 'never', 'unless_predefined_area', 'always', 'from_cycle_3'
    title_wording TEXT NOT NULL
) STRICT;

INSERT INTO categories (code, name, levels, age_groups, relation_to_standard, proposal_first, title_wording) VALUES
    ('occupational_entry', 'Occupational entry', '2,3', '16-19,adult', 'aligns', 'never', 'Technical Occupational Entry'),
    ('additional_specialist', 'Additional specialist', '2,3', '16-19,adult', 'builds_upon', 'unless_predefined_area', 'Technical Specialist'),
    ('employer_proposed', 'Employer-proposed', '2', 'adult', 'none_exists', 'always', 'Technical Occupational Entry'),
    ('occupational_progression', 'Occupational progression', '3', '16-19,adult', 'selectively_covers', 'never', 'Technical Progression'),
    ('cross_cutting', 'Cross-cutting', '2,3', '16-19,adult', 'selectively_covers', 'from_cycle_3', 'Technical Cross Cutting Function');
