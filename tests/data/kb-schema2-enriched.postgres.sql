-- A knowledge base of kb schema 2 on PostgreSQL, made by tests/make_old_schema.py from a generated book
-- and a fake OpenAlex server (synthetic records, not OpenAlex data).
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;
SET default_tablespace = '';
SET default_table_access_method = heap;
CREATE TABLE public.apilookup (
    id integer NOT NULL,
    kind character varying NOT NULL,
    value character varying NOT NULL,
    openalex_ids json,
    response_id integer,
    fetched_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.apilookup_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.apilookup_id_seq OWNED BY public.apilookup.id;
CREATE TABLE public.apiresponse (
    id integer NOT NULL,
    url character varying NOT NULL,
    kind character varying NOT NULL,
    status integer NOT NULL,
    cost_usd double precision NOT NULL,
    fetched_at timestamp with time zone NOT NULL,
    body character varying NOT NULL
);
CREATE SEQUENCE public.apiresponse_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.apiresponse_id_seq OWNED BY public.apiresponse.id;
CREATE TABLE public.author (
    id character varying NOT NULL,
    display_name character varying NOT NULL,
    orcid character varying
);
CREATE TABLE public.bibentry (
    id integer NOT NULL,
    book_id integer NOT NULL,
    work_id integer,
    key character varying NOT NULL,
    entry_type character varying NOT NULL,
    fields json,
    raw_fields json,
    authors json,
    file character varying NOT NULL,
    line integer NOT NULL
);
CREATE SEQUENCE public.bibentry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.bibentry_id_seq OWNED BY public.bibentry.id;
CREATE TABLE public.book (
    id integer NOT NULL,
    name character varying NOT NULL,
    title character varying NOT NULL,
    format character varying NOT NULL,
    root character varying NOT NULL,
    files json,
    bib_files json,
    missing_bib_files json
);
CREATE SEQUENCE public.book_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.book_id_seq OWNED BY public.book.id;
CREATE TABLE public.citation (
    id integer NOT NULL,
    book_id integer NOT NULL,
    heading_id integer,
    key character varying NOT NULL,
    entry_key character varying,
    status character varying NOT NULL,
    work_id integer,
    file character varying NOT NULL,
    line integer NOT NULL,
    "column" integer NOT NULL,
    sentence character varying NOT NULL,
    narrative boolean NOT NULL,
    suppress_author boolean NOT NULL
);
CREATE SEQUENCE public.citation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.citation_id_seq OWNED BY public.citation.id;
CREATE TABLE public.heading (
    id integer NOT NULL,
    book_id integer NOT NULL,
    parent_id integer,
    "position" integer NOT NULL,
    depth integer NOT NULL,
    level integer NOT NULL,
    kind character varying NOT NULL,
    title character varying NOT NULL,
    anchor character varying,
    number character varying,
    numbered boolean NOT NULL,
    authors json,
    supervisors json,
    file character varying NOT NULL,
    line integer NOT NULL
);
CREATE SEQUENCE public.heading_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.heading_id_seq OWNED BY public.heading.id;
CREATE TABLE public.ingestrun (
    id integer NOT NULL,
    book_name character varying NOT NULL,
    path character varying NOT NULL,
    format character varying NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    kb_version character varying NOT NULL,
    counts json,
    warnings json
);
CREATE SEQUENCE public.ingestrun_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.ingestrun_id_seq OWNED BY public.ingestrun.id;
CREATE TABLE public.kbmeta (
    key character varying NOT NULL,
    value character varying NOT NULL
);
CREATE TABLE public.label (
    id integer NOT NULL,
    work_id integer,
    heading_id integer,
    node_id character varying NOT NULL,
    source character varying NOT NULL,
    confidence double precision NOT NULL,
    evidence character varying NOT NULL
);
CREATE SEQUENCE public.label_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.label_id_seq OWNED BY public.label.id;
CREATE TABLE public.mention (
    id integer NOT NULL,
    book_id integer NOT NULL,
    heading_id integer,
    work_id integer NOT NULL,
    name character varying NOT NULL,
    file character varying NOT NULL,
    line integer NOT NULL,
    sentence character varying NOT NULL
);
CREATE SEQUENCE public.mention_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.mention_id_seq OWNED BY public.mention.id;
CREATE TABLE public.openalexrecord (
    openalex_id character varying NOT NULL,
    record json,
    response_id integer,
    fetched_at timestamp with time zone NOT NULL
);
CREATE TABLE public.pin (
    id integer NOT NULL,
    book_name character varying NOT NULL,
    key character varying NOT NULL,
    openalex_id character varying,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.pin_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.pin_id_seq OWNED BY public.pin.id;
CREATE TABLE public.problem (
    id integer NOT NULL,
    book_id integer NOT NULL,
    severity character varying NOT NULL,
    code character varying NOT NULL,
    message character varying NOT NULL,
    file character varying,
    line integer,
    key character varying,
    suggestions json
);
CREATE SEQUENCE public.problem_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.problem_id_seq OWNED BY public.problem.id;
CREATE TABLE public.reference (
    id integer NOT NULL,
    citing_work_id integer NOT NULL,
    cited_work_id integer NOT NULL
);
CREATE SEQUENCE public.reference_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.reference_id_seq OWNED BY public.reference.id;
CREATE TABLE public.topic (
    id character varying NOT NULL,
    display_name character varying NOT NULL,
    subfield character varying,
    field character varying,
    domain character varying
);
CREATE TABLE public.userlabel (
    id integer NOT NULL,
    book_name character varying NOT NULL,
    key character varying NOT NULL,
    node_id character varying NOT NULL,
    remove boolean NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.userlabel_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.userlabel_id_seq OWNED BY public.userlabel.id;
CREATE TABLE public.work (
    id integer NOT NULL,
    title character varying NOT NULL,
    norm_title character varying NOT NULL,
    year integer,
    authors json,
    first_author character varying NOT NULL,
    venue character varying,
    entry_type character varying NOT NULL,
    doi character varying,
    arxiv_id character varying,
    url character varying,
    sources json,
    origin character varying NOT NULL,
    openalex_id character varying
);
CREATE SEQUENCE public.work_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.work_id_seq OWNED BY public.work.id;
CREATE TABLE public.workauthor (
    id integer NOT NULL,
    work_id integer NOT NULL,
    "position" integer NOT NULL,
    author_id character varying,
    name character varying NOT NULL,
    institutions json
);
CREATE SEQUENCE public.workauthor_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.workauthor_id_seq OWNED BY public.workauthor.id;
CREATE TABLE public.workenrichment (
    work_id integer NOT NULL,
    openalex_id character varying NOT NULL,
    doi character varying,
    title character varying,
    publication_year integer,
    publication_date character varying,
    type character varying,
    language character varying,
    venue_name character varying,
    venue_type character varying,
    venue_issn json,
    oa_url character varying,
    abstract character varying,
    cited_by_count integer,
    counts_by_year json,
    keywords json,
    concepts json,
    related_works json,
    referenced_works_count integer,
    fetched_at timestamp with time zone NOT NULL
);
CREATE TABLE public.workkey (
    id integer NOT NULL,
    book_id integer NOT NULL,
    key character varying NOT NULL,
    work_id integer NOT NULL
);
CREATE SEQUENCE public.workkey_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.workkey_id_seq OWNED BY public.workkey.id;
CREATE TABLE public.workmatch (
    work_id integer NOT NULL,
    status character varying NOT NULL,
    method character varying,
    openalex_id character varying,
    score double precision,
    candidates json,
    alternates json,
    note character varying,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE public.worktopic (
    id integer NOT NULL,
    work_id integer NOT NULL,
    topic_id character varying NOT NULL,
    score double precision,
    is_primary boolean NOT NULL
);
CREATE SEQUENCE public.worktopic_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.worktopic_id_seq OWNED BY public.worktopic.id;
ALTER TABLE ONLY public.apilookup ALTER COLUMN id SET DEFAULT nextval('public.apilookup_id_seq'::regclass);
ALTER TABLE ONLY public.apiresponse ALTER COLUMN id SET DEFAULT nextval('public.apiresponse_id_seq'::regclass);
ALTER TABLE ONLY public.bibentry ALTER COLUMN id SET DEFAULT nextval('public.bibentry_id_seq'::regclass);
ALTER TABLE ONLY public.book ALTER COLUMN id SET DEFAULT nextval('public.book_id_seq'::regclass);
ALTER TABLE ONLY public.citation ALTER COLUMN id SET DEFAULT nextval('public.citation_id_seq'::regclass);
ALTER TABLE ONLY public.heading ALTER COLUMN id SET DEFAULT nextval('public.heading_id_seq'::regclass);
ALTER TABLE ONLY public.ingestrun ALTER COLUMN id SET DEFAULT nextval('public.ingestrun_id_seq'::regclass);
ALTER TABLE ONLY public.label ALTER COLUMN id SET DEFAULT nextval('public.label_id_seq'::regclass);
ALTER TABLE ONLY public.mention ALTER COLUMN id SET DEFAULT nextval('public.mention_id_seq'::regclass);
ALTER TABLE ONLY public.pin ALTER COLUMN id SET DEFAULT nextval('public.pin_id_seq'::regclass);
ALTER TABLE ONLY public.problem ALTER COLUMN id SET DEFAULT nextval('public.problem_id_seq'::regclass);
ALTER TABLE ONLY public.reference ALTER COLUMN id SET DEFAULT nextval('public.reference_id_seq'::regclass);
ALTER TABLE ONLY public.userlabel ALTER COLUMN id SET DEFAULT nextval('public.userlabel_id_seq'::regclass);
ALTER TABLE ONLY public.work ALTER COLUMN id SET DEFAULT nextval('public.work_id_seq'::regclass);
ALTER TABLE ONLY public.workauthor ALTER COLUMN id SET DEFAULT nextval('public.workauthor_id_seq'::regclass);
ALTER TABLE ONLY public.workkey ALTER COLUMN id SET DEFAULT nextval('public.workkey_id_seq'::regclass);
ALTER TABLE ONLY public.worktopic ALTER COLUMN id SET DEFAULT nextval('public.worktopic_id_seq'::regclass);
INSERT INTO public.apilookup VALUES (1, 'doi', '10.5555/generated.0000', '["W9000"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (2, 'doi', '10.5555/generated.0001', '["W9001"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (3, 'doi', '10.5555/generated.0002', '["W9002"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (4, 'doi', '10.5555/generated.0003', '["W9003"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (5, 'doi', '10.5555/generated.0004', '["W9004"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (6, 'doi', '10.5555/generated.0005', '["W9005"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (7, 'doi', '10.5555/generated.0006', '["W9006"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (8, 'doi', '10.5555/generated.0007', '["W9007"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (9, 'doi', '10.5555/generated.0008', '["W9008"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (10, 'doi', '10.5555/generated.0009', '["W9009"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (11, 'doi', '10.5555/generated.0010', '["W9010"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (12, 'doi', '10.5555/generated.0011', '["W9011"]', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.apilookup VALUES (13, 'id', 'W9002', '["W9002"]', 2, '2026-11-29 20:02:13.488705+00');
INSERT INTO public.apiresponse VALUES (1, '/works?filter=doi:10.5555%2Fgenerated.0000|10.5555%2Fgenerated.0001|10.5555%2Fgenerated.0002|10.5555%2Fgenerated.0003|10.5555%2Fgenerated.0004|10.5555%2Fgenerated.0005|10.5555%2Fgenerated.0006|10.5555%2Fgenerated.0007|10.5555%2Fgenerated.0008|10.5555%2Fgenerated.0009|10.5555%2Fgenerated.0010|10.5555%2Fgenerated.0011&per-page=100', 'list', 200, 0.0001, '2026-11-29 20:02:13.167455+00', '{"meta": {"count": 12, "db_response_time_ms": 3, "page": 1, "per_page": 100, "next_cursor": null, "groups_count": null, "cost_usd": 0.0001}, "results": [{"id": "https://openalex.org/W9000", "doi": "https://doi.org/10.5555/generated.0000", "title": "Generated study of kaka lolo mimi", "display_name": "Generated study of kaka lolo mimi", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9000", "doi": "https://doi.org/10.5555/generated.0000"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A782327647", "display_name": "Ann Roe0", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe0"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9001"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "kaka": [6], "lolo": [7], "mimi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9001", "doi": "https://doi.org/10.5555/generated.0001", "title": "Generated study of lonu mipe nura", "display_name": "Generated study of lonu mipe nura", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9001", "doi": "https://doi.org/10.5555/generated.0001"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A148068942", "display_name": "Ann Roe1", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe1"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9002"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "lonu": [6], "mipe": [7], "nura.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9002", "doi": "https://doi.org/10.5555/generated.0002", "title": "Generated study of miso nutu pevi", "display_name": "Generated study of miso nutu pevi", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9002", "doi": "https://doi.org/10.5555/generated.0002"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A021968763", "display_name": "Ann Roe2", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe2"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9003"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "miso": [6], "nutu": [7], "pevi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9003", "doi": "https://doi.org/10.5555/generated.0003", "title": "Generated study of nuze peka ralo", "display_name": "Generated study of nuze peka ralo", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9003", "doi": "https://doi.org/10.5555/generated.0003"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A892792680", "display_name": "Ann Roe3", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe3"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9004"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "nuze": [6], "peka": [7], "ralo.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9004", "doi": "https://doi.org/10.5555/generated.0004", "title": "Generated study of pemi ranu sope", "display_name": "Generated study of pemi ranu sope", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9004", "doi": "https://doi.org/10.5555/generated.0004"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A396560836", "display_name": "Ann Roe4", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe4"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9005"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "pemi": [6], "ranu": [7], "sope.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9005", "doi": "https://doi.org/10.5555/generated.0005", "title": "Generated study of rara soso tutu", "display_name": "Generated study of rara soso tutu", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9005", "doi": "https://doi.org/10.5555/generated.0005"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A074372841", "display_name": "Ann Roe5", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe5"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9006"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "rara": [6], "soso": [7], "tutu.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9006", "doi": "https://doi.org/10.5555/generated.0006", "title": "Generated study of sovi tuze vika", "display_name": "Generated study of sovi tuze vika", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9006", "doi": "https://doi.org/10.5555/generated.0006"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A852783941", "display_name": "Ann Roe6", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe6"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9007"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "sovi": [6], "tuze": [7], "vika.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9007", "doi": "https://doi.org/10.5555/generated.0007", "title": "Generated study of tulo vimi zenu", "display_name": "Generated study of tulo vimi zenu", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9007", "doi": "https://doi.org/10.5555/generated.0007"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A091000178", "display_name": "Ann Roe7", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe7"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9008"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "tulo": [6], "vimi": [7], "zenu.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9008", "doi": "https://doi.org/10.5555/generated.0008", "title": "Generated study of vipe zera kaso", "display_name": "Generated study of vipe zera kaso", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9008", "doi": "https://doi.org/10.5555/generated.0008"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A268933726", "display_name": "Ann Roe8", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe8"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9009"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "vipe": [6], "zera": [7], "kaso.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9009", "doi": "https://doi.org/10.5555/generated.0009", "title": "Generated study of zetu kavi loze", "display_name": "Generated study of zetu kavi loze", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9009", "doi": "https://doi.org/10.5555/generated.0009"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A299497489", "display_name": "Ann Roe9", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe9"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9010"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "zetu": [6], "kavi": [7], "loze.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9010", "doi": "https://doi.org/10.5555/generated.0010", "title": "Generated study of kaka lolo mimi", "display_name": "Generated study of kaka lolo mimi", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9010", "doi": "https://doi.org/10.5555/generated.0010"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A658234598", "display_name": "Ann Roe10", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe10"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9011"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "kaka": [6], "lolo": [7], "mimi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}, {"id": "https://openalex.org/W9011", "doi": "https://doi.org/10.5555/generated.0011", "title": "Generated study of lonu mipe nura", "display_name": "Generated study of lonu mipe nura", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9011", "doi": "https://doi.org/10.5555/generated.0011"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A695914611", "display_name": "Ann Roe11", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe11"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9000"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "lonu": [6], "mipe": [7], "nura.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}], "group_by": []}');
INSERT INTO public.apiresponse VALUES (2, '/works/W9002', 'singleton', 200, 0, '2026-11-29 20:02:13.488705+00', '{"id": "https://openalex.org/W9002", "doi": "https://doi.org/10.5555/generated.0002", "title": "Generated study of miso nutu pevi", "display_name": "Generated study of miso nutu pevi", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9002", "doi": "https://doi.org/10.5555/generated.0002"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A021968763", "display_name": "Ann Roe2", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe2"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9003"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "miso": [6], "nutu": [7], "pevi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}');
INSERT INTO public.author VALUES ('A782327647', 'Ann Roe0', NULL);
INSERT INTO public.author VALUES ('A148068942', 'Ann Roe1', NULL);
INSERT INTO public.author VALUES ('A021968763', 'Ann Roe2', NULL);
INSERT INTO public.author VALUES ('A892792680', 'Ann Roe3', NULL);
INSERT INTO public.author VALUES ('A396560836', 'Ann Roe4', NULL);
INSERT INTO public.author VALUES ('A074372841', 'Ann Roe5', NULL);
INSERT INTO public.author VALUES ('A852783941', 'Ann Roe6', NULL);
INSERT INTO public.author VALUES ('A091000178', 'Ann Roe7', NULL);
INSERT INTO public.author VALUES ('A268933726', 'Ann Roe8', NULL);
INSERT INTO public.author VALUES ('A299497489', 'Ann Roe9', NULL);
INSERT INTO public.author VALUES ('A658234598', 'Ann Roe10', NULL);
INSERT INTO public.author VALUES ('A695914611', 'Ann Roe11', NULL);
INSERT INTO public.bibentry VALUES (1, 1, 1, 'g0', 'article', '{"title": "Generated study of kaka lolo mimi", "author": "Roe0, Ann", "year": "2019", "doi": "10.5555/generated.0000", "journal": "Journal of Generated Results"}', '{"title": "Generated study of kaka lolo mimi", "author": "Roe0, Ann", "year": "2019", "doi": "10.5555/generated.0000", "journal": "Journal of Generated Results"}', '[{"family": "Roe0", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 1);
INSERT INTO public.bibentry VALUES (2, 1, 2, 'g1', 'article', '{"title": "Generated study of lonu mipe nura", "author": "Roe1, Ann", "year": "2020", "doi": "10.5555/generated.0001", "journal": "Journal of Generated Results"}', '{"title": "Generated study of lonu mipe nura", "author": "Roe1, Ann", "year": "2020", "doi": "10.5555/generated.0001", "journal": "Journal of Generated Results"}', '[{"family": "Roe1", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 2);
INSERT INTO public.bibentry VALUES (3, 1, 3, 'g2', 'article', '{"title": "Generated study of miso nutu pevi", "author": "Roe2, Ann", "year": "2021", "doi": "10.5555/generated.0002", "journal": "Journal of Generated Results"}', '{"title": "Generated study of miso nutu pevi", "author": "Roe2, Ann", "year": "2021", "doi": "10.5555/generated.0002", "journal": "Journal of Generated Results"}', '[{"family": "Roe2", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 3);
INSERT INTO public.bibentry VALUES (4, 1, 4, 'g3', 'article', '{"title": "Generated study of nuze peka ralo", "author": "Roe3, Ann", "year": "2019", "doi": "10.5555/generated.0003", "journal": "Journal of Generated Results"}', '{"title": "Generated study of nuze peka ralo", "author": "Roe3, Ann", "year": "2019", "doi": "10.5555/generated.0003", "journal": "Journal of Generated Results"}', '[{"family": "Roe3", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 4);
INSERT INTO public.bibentry VALUES (5, 1, 5, 'g4', 'article', '{"title": "Generated study of pemi ranu sope", "author": "Roe4, Ann", "year": "2020", "doi": "10.5555/generated.0004", "journal": "Journal of Generated Results"}', '{"title": "Generated study of pemi ranu sope", "author": "Roe4, Ann", "year": "2020", "doi": "10.5555/generated.0004", "journal": "Journal of Generated Results"}', '[{"family": "Roe4", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 5);
INSERT INTO public.bibentry VALUES (6, 1, 6, 'g5', 'article', '{"title": "Generated study of rara soso tutu", "author": "Roe5, Ann", "year": "2021", "doi": "10.5555/generated.0005", "journal": "Journal of Generated Results"}', '{"title": "Generated study of rara soso tutu", "author": "Roe5, Ann", "year": "2021", "doi": "10.5555/generated.0005", "journal": "Journal of Generated Results"}', '[{"family": "Roe5", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 6);
INSERT INTO public.bibentry VALUES (7, 1, 7, 'g6', 'article', '{"title": "Generated study of sovi tuze vika", "author": "Roe6, Ann", "year": "2019", "doi": "10.5555/generated.0006", "journal": "Journal of Generated Results"}', '{"title": "Generated study of sovi tuze vika", "author": "Roe6, Ann", "year": "2019", "doi": "10.5555/generated.0006", "journal": "Journal of Generated Results"}', '[{"family": "Roe6", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 7);
INSERT INTO public.bibentry VALUES (8, 1, 8, 'g7', 'article', '{"title": "Generated study of tulo vimi zenu", "author": "Roe7, Ann", "year": "2020", "doi": "10.5555/generated.0007", "journal": "Journal of Generated Results"}', '{"title": "Generated study of tulo vimi zenu", "author": "Roe7, Ann", "year": "2020", "doi": "10.5555/generated.0007", "journal": "Journal of Generated Results"}', '[{"family": "Roe7", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 8);
INSERT INTO public.bibentry VALUES (9, 1, 9, 'g8', 'article', '{"title": "Generated study of vipe zera kaso", "author": "Roe8, Ann", "year": "2021", "doi": "10.5555/generated.0008", "journal": "Journal of Generated Results"}', '{"title": "Generated study of vipe zera kaso", "author": "Roe8, Ann", "year": "2021", "doi": "10.5555/generated.0008", "journal": "Journal of Generated Results"}', '[{"family": "Roe8", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 9);
INSERT INTO public.bibentry VALUES (10, 1, 10, 'g9', 'article', '{"title": "Generated study of zetu kavi loze", "author": "Roe9, Ann", "year": "2019", "doi": "10.5555/generated.0009", "journal": "Journal of Generated Results"}', '{"title": "Generated study of zetu kavi loze", "author": "Roe9, Ann", "year": "2019", "doi": "10.5555/generated.0009", "journal": "Journal of Generated Results"}', '[{"family": "Roe9", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 10);
INSERT INTO public.bibentry VALUES (11, 1, 11, 'g10', 'article', '{"title": "Generated study of kaka lolo mimi", "author": "Roe10, Ann", "year": "2020", "doi": "10.5555/generated.0010", "journal": "Journal of Generated Results"}', '{"title": "Generated study of kaka lolo mimi", "author": "Roe10, Ann", "year": "2020", "doi": "10.5555/generated.0010", "journal": "Journal of Generated Results"}', '[{"family": "Roe10", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 11);
INSERT INTO public.bibentry VALUES (12, 1, 12, 'g11', 'article', '{"title": "Generated study of lonu mipe nura", "author": "Roe11, Ann", "year": "2021", "doi": "10.5555/generated.0011", "journal": "Journal of Generated Results"}', '{"title": "Generated study of lonu mipe nura", "author": "Roe11, Ann", "year": "2021", "doi": "10.5555/generated.0011", "journal": "Journal of Generated Results"}', '[{"family": "Roe11", "given": "Ann", "von": "", "jr": ""}]', 'refs.bib', 12);
INSERT INTO public.book VALUES (1, 'generated', 'book', 'bookdown', '/tmp/tmpqgmwznjr/book', '["index.Rmd"]', '["refs.bib"]', '[]');
INSERT INTO public.citation VALUES (1, 1, 1, 'g0', 'g0', 'exact', 1, 'index.Rmd', 6, 11, 'Pictures [@g0; @g1; @g2] and a CNN [@g3].', false, false);
INSERT INTO public.citation VALUES (2, 1, 1, 'g1', 'g1', 'exact', 2, 'index.Rmd', 6, 16, 'Pictures [@g0; @g1; @g2] and a CNN [@g3].', false, false);
INSERT INTO public.citation VALUES (3, 1, 1, 'g2', 'g2', 'exact', 3, 'index.Rmd', 6, 21, 'Pictures [@g0; @g1; @g2] and a CNN [@g3].', false, false);
INSERT INTO public.citation VALUES (4, 1, 1, 'g3', 'g3', 'exact', 4, 'index.Rmd', 6, 37, 'Pictures [@g0; @g1; @g2] and a CNN [@g3].', false, false);
INSERT INTO public.citation VALUES (5, 1, 2, 'g4', 'g4', 'exact', 5, 'index.Rmd', 10, 19, 'A language model [@g4; @g5] and [@g6].', false, false);
INSERT INTO public.citation VALUES (6, 1, 2, 'g5', 'g5', 'exact', 6, 'index.Rmd', 10, 24, 'A language model [@g4; @g5] and [@g6].', false, false);
INSERT INTO public.citation VALUES (7, 1, 2, 'g6', 'g6', 'exact', 7, 'index.Rmd', 10, 34, 'A language model [@g4; @g5] and [@g6].', false, false);
INSERT INTO public.citation VALUES (8, 1, 3, 'g7', 'g7', 'exact', 8, 'index.Rmd', 14, 2, '[@g7] [@g8] [@g9] [@g10] [@g11]', false, false);
INSERT INTO public.citation VALUES (9, 1, 3, 'g8', 'g8', 'exact', 9, 'index.Rmd', 14, 8, '[@g7] [@g8] [@g9] [@g10] [@g11]', false, false);
INSERT INTO public.citation VALUES (10, 1, 3, 'g9', 'g9', 'exact', 10, 'index.Rmd', 14, 14, '[@g7] [@g8] [@g9] [@g10] [@g11]', false, false);
INSERT INTO public.citation VALUES (11, 1, 3, 'g10', 'g10', 'exact', 11, 'index.Rmd', 14, 20, '[@g7] [@g8] [@g9] [@g10] [@g11]', false, false);
INSERT INTO public.citation VALUES (12, 1, 3, 'g11', 'g11', 'exact', 12, 'index.Rmd', 14, 27, '[@g7] [@g8] [@g9] [@g10] [@g11]', false, false);
INSERT INTO public.heading VALUES (1, 1, NULL, 0, 1, 1, 'chapter', 'Images', 'images', '1', true, '[]', '[]', 'index.Rmd', 4);
INSERT INTO public.heading VALUES (3, 1, NULL, 2, 1, 1, 'chapter', 'Audio', 'audio', '2', true, '[]', '[]', 'index.Rmd', 12);
INSERT INTO public.heading VALUES (2, 1, 1, 1, 2, 2, 'section', 'Text', 'text', '1.1', true, '[]', '[]', 'index.Rmd', 8);
INSERT INTO public.ingestrun VALUES (1, 'generated', '/tmp/tmpqgmwznjr/book', 'bookdown', '2026-11-29 20:02:12.833863+00', '2026-11-29 20:02:13.094007+00', '0.1.0', '{"headings": 3, "citations": 12, "cited_keys": 12, "entries": 12, "works": 12, "merged_clusters": 0, "broken_keys": 0, "input_errors": 0, "warnings": 0, "mentions": 0}', '[]');
INSERT INTO public.kbmeta VALUES ('schema_version', '2');
INSERT INTO public.label VALUES (15, 3, NULL, 'modality.image', 'sentence', 0.3, '1 citing sentence(s): \bCNNs?\b in "and a CNN"');
INSERT INTO public.label VALUES (16, 1, NULL, 'modality.image', 'sentence', 0.3, '1 citing sentence(s): pictures, \bCNNs?\b in "Pictures and a CNN"');
INSERT INTO public.label VALUES (17, 2, NULL, 'modality.image', 'sentence', 0.3, '1 citing sentence(s): \bCNNs?\b in "and a CNN"');
INSERT INTO public.label VALUES (18, 4, NULL, 'architecture.cnn', 'sentence', 0.75, 'named next to its citation: "and a CNN [@g3]"');
INSERT INTO public.label VALUES (19, 4, NULL, 'modality.image', 'sentence', 0.75, 'named next to its citation: "and a CNN [@g3]"');
INSERT INTO public.label VALUES (20, 4, NULL, 'architecture.cnn', 'user', 1, 'kb label');
INSERT INTO public.label VALUES (21, 5, NULL, 'modality.text', 'sentence', 0.3, '1 citing sentence(s): language, language model in "A language model and"');
INSERT INTO public.openalexrecord VALUES ('W9000', '{"id": "https://openalex.org/W9000", "doi": "https://doi.org/10.5555/generated.0000", "title": "Generated study of kaka lolo mimi", "display_name": "Generated study of kaka lolo mimi", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9000", "doi": "https://doi.org/10.5555/generated.0000"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A782327647", "display_name": "Ann Roe0", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe0"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9001"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "kaka": [6], "lolo": [7], "mimi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9001', '{"id": "https://openalex.org/W9001", "doi": "https://doi.org/10.5555/generated.0001", "title": "Generated study of lonu mipe nura", "display_name": "Generated study of lonu mipe nura", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9001", "doi": "https://doi.org/10.5555/generated.0001"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A148068942", "display_name": "Ann Roe1", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe1"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9002"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "lonu": [6], "mipe": [7], "nura.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9003', '{"id": "https://openalex.org/W9003", "doi": "https://doi.org/10.5555/generated.0003", "title": "Generated study of nuze peka ralo", "display_name": "Generated study of nuze peka ralo", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9003", "doi": "https://doi.org/10.5555/generated.0003"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A892792680", "display_name": "Ann Roe3", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe3"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9004"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "nuze": [6], "peka": [7], "ralo.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9004', '{"id": "https://openalex.org/W9004", "doi": "https://doi.org/10.5555/generated.0004", "title": "Generated study of pemi ranu sope", "display_name": "Generated study of pemi ranu sope", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9004", "doi": "https://doi.org/10.5555/generated.0004"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A396560836", "display_name": "Ann Roe4", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe4"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9005"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "pemi": [6], "ranu": [7], "sope.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9005', '{"id": "https://openalex.org/W9005", "doi": "https://doi.org/10.5555/generated.0005", "title": "Generated study of rara soso tutu", "display_name": "Generated study of rara soso tutu", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9005", "doi": "https://doi.org/10.5555/generated.0005"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A074372841", "display_name": "Ann Roe5", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe5"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9006"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "rara": [6], "soso": [7], "tutu.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9006', '{"id": "https://openalex.org/W9006", "doi": "https://doi.org/10.5555/generated.0006", "title": "Generated study of sovi tuze vika", "display_name": "Generated study of sovi tuze vika", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9006", "doi": "https://doi.org/10.5555/generated.0006"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A852783941", "display_name": "Ann Roe6", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe6"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9007"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "sovi": [6], "tuze": [7], "vika.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9007', '{"id": "https://openalex.org/W9007", "doi": "https://doi.org/10.5555/generated.0007", "title": "Generated study of tulo vimi zenu", "display_name": "Generated study of tulo vimi zenu", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9007", "doi": "https://doi.org/10.5555/generated.0007"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A091000178", "display_name": "Ann Roe7", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe7"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9008"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "tulo": [6], "vimi": [7], "zenu.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9008', '{"id": "https://openalex.org/W9008", "doi": "https://doi.org/10.5555/generated.0008", "title": "Generated study of vipe zera kaso", "display_name": "Generated study of vipe zera kaso", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9008", "doi": "https://doi.org/10.5555/generated.0008"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A268933726", "display_name": "Ann Roe8", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe8"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9009"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "vipe": [6], "zera": [7], "kaso.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9009', '{"id": "https://openalex.org/W9009", "doi": "https://doi.org/10.5555/generated.0009", "title": "Generated study of zetu kavi loze", "display_name": "Generated study of zetu kavi loze", "publication_year": 2019, "publication_date": "2019-06-01", "ids": {"openalex": "https://openalex.org/W9009", "doi": "https://doi.org/10.5555/generated.0009"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A299497489", "display_name": "Ann Roe9", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe9"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9010"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "zetu": [6], "kavi": [7], "loze.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9010', '{"id": "https://openalex.org/W9010", "doi": "https://doi.org/10.5555/generated.0010", "title": "Generated study of kaka lolo mimi", "display_name": "Generated study of kaka lolo mimi", "publication_year": 2020, "publication_date": "2020-06-01", "ids": {"openalex": "https://openalex.org/W9010", "doi": "https://doi.org/10.5555/generated.0010"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A658234598", "display_name": "Ann Roe10", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe10"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9011"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "kaka": [6], "lolo": [7], "mimi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9011', '{"id": "https://openalex.org/W9011", "doi": "https://doi.org/10.5555/generated.0011", "title": "Generated study of lonu mipe nura", "display_name": "Generated study of lonu mipe nura", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9011", "doi": "https://doi.org/10.5555/generated.0011"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A695914611", "display_name": "Ann Roe11", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe11"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9000"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "lonu": [6], "mipe": [7], "nura.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 1, '2026-11-29 20:02:13.167455+00');
INSERT INTO public.openalexrecord VALUES ('W9002', '{"id": "https://openalex.org/W9002", "doi": "https://doi.org/10.5555/generated.0002", "title": "Generated study of miso nutu pevi", "display_name": "Generated study of miso nutu pevi", "publication_year": 2021, "publication_date": "2021-06-01", "ids": {"openalex": "https://openalex.org/W9002", "doi": "https://doi.org/10.5555/generated.0002"}, "language": "en", "primary_location": null, "type": "article", "open_access": {"is_oa": false}, "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A021968763", "display_name": "Ann Roe2", "orcid": null}, "institutions": [{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}], "raw_author_name": "Ann Roe2"}], "cited_by_count": 0, "biblio": {}, "primary_topic": {"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}, "topics": [{"id": "https://openalex.org/T10001", "display_name": "Generated topic", "score": 0.99, "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "Artificial Intelligence"}, "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"}, "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}}], "keywords": [], "concepts": [], "locations": [], "best_oa_location": null, "referenced_works_count": 1, "referenced_works": ["https://openalex.org/W9003"], "related_works": [], "abstract_inverted_index": {"An": [0], "abstract": [1], "about": [2], "Generated": [3], "study": [4], "of": [5], "miso": [6], "nutu": [7], "pevi.": [8]}, "counts_by_year": [], "_synthetic": "generated by kb''s tests from a bibliography; not OpenAlex data"}', 2, '2026-11-29 20:02:13.488705+00');
INSERT INTO public.pin VALUES (1, 'generated', 'g1', 'W9002', '2026-11-29 20:02:13.322284+00');
INSERT INTO public.pin VALUES (2, 'generated', 'g2', NULL, '2026-11-29 20:02:13.407994+00');
INSERT INTO public.reference VALUES (13, 1, 13);
INSERT INTO public.reference VALUES (14, 2, 4);
INSERT INTO public.reference VALUES (15, 4, 5);
INSERT INTO public.reference VALUES (16, 5, 6);
INSERT INTO public.reference VALUES (17, 6, 7);
INSERT INTO public.reference VALUES (18, 7, 8);
INSERT INTO public.reference VALUES (19, 8, 9);
INSERT INTO public.reference VALUES (20, 9, 10);
INSERT INTO public.reference VALUES (21, 10, 11);
INSERT INTO public.reference VALUES (22, 11, 12);
INSERT INTO public.reference VALUES (23, 12, 1);
INSERT INTO public.topic VALUES ('T10001', 'Generated topic', 'Artificial Intelligence', 'Computer Science', 'Physical Sciences');
INSERT INTO public.userlabel VALUES (1, 'generated', 'g3', 'architecture.cnn', false, '2026-11-29 20:02:14.356741+00');
INSERT INTO public.userlabel VALUES (2, 'generated', 'g4', 'modality.image', true, '2026-11-29 20:02:15.86627+00');
INSERT INTO public.work VALUES (3, 'Generated study of miso nutu pevi', 'generated study of miso nutu pevi', 2021, '[{"family": "Roe2", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0002', NULL, NULL, '{"authors": "refs.bib:g2", "doi": "refs.bib:g2", "title": "refs.bib:g2", "year": "refs.bib:g2", "venue": "refs.bib:g2"}', 'bib', NULL);
INSERT INTO public.work VALUES (1, 'Generated study of kaka lolo mimi', 'generated study of kaka lolo mimi', 2019, '[{"family": "Roe0", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0000', NULL, NULL, '{"authors": "refs.bib:g0", "doi": "refs.bib:g0", "title": "refs.bib:g0", "year": "refs.bib:g0", "venue": "refs.bib:g0"}', 'bib', 'W9000');
INSERT INTO public.work VALUES (2, 'Generated study of lonu mipe nura', 'generated study of lonu mipe nura', 2020, '[{"family": "Roe1", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0001', NULL, NULL, '{"authors": "refs.bib:g1", "doi": "refs.bib:g1", "title": "refs.bib:g1", "year": "refs.bib:g1", "venue": "refs.bib:g1"}', 'bib', 'W9002');
INSERT INTO public.work VALUES (4, 'Generated study of nuze peka ralo', 'generated study of nuze peka ralo', 2019, '[{"family": "Roe3", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0003', NULL, NULL, '{"authors": "refs.bib:g3", "doi": "refs.bib:g3", "title": "refs.bib:g3", "year": "refs.bib:g3", "venue": "refs.bib:g3"}', 'bib', 'W9003');
INSERT INTO public.work VALUES (5, 'Generated study of pemi ranu sope', 'generated study of pemi ranu sope', 2020, '[{"family": "Roe4", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0004', NULL, NULL, '{"authors": "refs.bib:g4", "doi": "refs.bib:g4", "title": "refs.bib:g4", "year": "refs.bib:g4", "venue": "refs.bib:g4"}', 'bib', 'W9004');
INSERT INTO public.work VALUES (6, 'Generated study of rara soso tutu', 'generated study of rara soso tutu', 2021, '[{"family": "Roe5", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0005', NULL, NULL, '{"authors": "refs.bib:g5", "doi": "refs.bib:g5", "title": "refs.bib:g5", "year": "refs.bib:g5", "venue": "refs.bib:g5"}', 'bib', 'W9005');
INSERT INTO public.work VALUES (7, 'Generated study of sovi tuze vika', 'generated study of sovi tuze vika', 2019, '[{"family": "Roe6", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0006', NULL, NULL, '{"authors": "refs.bib:g6", "doi": "refs.bib:g6", "title": "refs.bib:g6", "year": "refs.bib:g6", "venue": "refs.bib:g6"}', 'bib', 'W9006');
INSERT INTO public.work VALUES (8, 'Generated study of tulo vimi zenu', 'generated study of tulo vimi zenu', 2020, '[{"family": "Roe7", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0007', NULL, NULL, '{"authors": "refs.bib:g7", "doi": "refs.bib:g7", "title": "refs.bib:g7", "year": "refs.bib:g7", "venue": "refs.bib:g7"}', 'bib', 'W9007');
INSERT INTO public.work VALUES (9, 'Generated study of vipe zera kaso', 'generated study of vipe zera kaso', 2021, '[{"family": "Roe8", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0008', NULL, NULL, '{"authors": "refs.bib:g8", "doi": "refs.bib:g8", "title": "refs.bib:g8", "year": "refs.bib:g8", "venue": "refs.bib:g8"}', 'bib', 'W9008');
INSERT INTO public.work VALUES (10, 'Generated study of zetu kavi loze', 'generated study of zetu kavi loze', 2019, '[{"family": "Roe9", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0009', NULL, NULL, '{"authors": "refs.bib:g9", "doi": "refs.bib:g9", "title": "refs.bib:g9", "year": "refs.bib:g9", "venue": "refs.bib:g9"}', 'bib', 'W9009');
INSERT INTO public.work VALUES (11, 'Generated study of kaka lolo mimi', 'generated study of kaka lolo mimi', 2020, '[{"family": "Roe10", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0010', NULL, NULL, '{"authors": "refs.bib:g10", "doi": "refs.bib:g10", "title": "refs.bib:g10", "year": "refs.bib:g10", "venue": "refs.bib:g10"}', 'bib', 'W9010');
INSERT INTO public.work VALUES (12, 'Generated study of lonu mipe nura', 'generated study of lonu mipe nura', 2021, '[{"family": "Roe11", "given": "Ann", "von": "", "jr": ""}]', 'roe', 'Journal of Generated Results', 'article', '10.5555/generated.0011', NULL, NULL, '{"authors": "refs.bib:g11", "doi": "refs.bib:g11", "title": "refs.bib:g11", "year": "refs.bib:g11", "venue": "refs.bib:g11"}', 'bib', 'W9011');
INSERT INTO public.work VALUES (13, '', '', NULL, '[]', '', NULL, '', NULL, NULL, NULL, '{}', 'openalex', 'W9001');
INSERT INTO public.workauthor VALUES (13, 1, 0, 'A782327647', 'Ann Roe0', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (14, 2, 0, 'A021968763', 'Ann Roe2', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (15, 4, 0, 'A892792680', 'Ann Roe3', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (16, 5, 0, 'A396560836', 'Ann Roe4', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (17, 6, 0, 'A074372841', 'Ann Roe5', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (18, 7, 0, 'A852783941', 'Ann Roe6', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (19, 8, 0, 'A091000178', 'Ann Roe7', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (20, 9, 0, 'A268933726', 'Ann Roe8', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (21, 10, 0, 'A299497489', 'Ann Roe9', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (22, 11, 0, 'A658234598', 'Ann Roe10', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workauthor VALUES (23, 12, 0, 'A695914611', 'Ann Roe11', '[{"id": "https://openalex.org/I1", "display_name": "Synthetic University", "country_code": "DE"}]');
INSERT INTO public.workenrichment VALUES (1, 'W9000', '10.5555/generated.0000', 'Generated study of kaka lolo mimi', 2019, '2019-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of kaka lolo mimi.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (2, 'W9002', '10.5555/generated.0002', 'Generated study of miso nutu pevi', 2021, '2021-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of miso nutu pevi.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (4, 'W9003', '10.5555/generated.0003', 'Generated study of nuze peka ralo', 2019, '2019-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of nuze peka ralo.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (5, 'W9004', '10.5555/generated.0004', 'Generated study of pemi ranu sope', 2020, '2020-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of pemi ranu sope.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (6, 'W9005', '10.5555/generated.0005', 'Generated study of rara soso tutu', 2021, '2021-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of rara soso tutu.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (7, 'W9006', '10.5555/generated.0006', 'Generated study of sovi tuze vika', 2019, '2019-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of sovi tuze vika.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (8, 'W9007', '10.5555/generated.0007', 'Generated study of tulo vimi zenu', 2020, '2020-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of tulo vimi zenu.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (9, 'W9008', '10.5555/generated.0008', 'Generated study of vipe zera kaso', 2021, '2021-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of vipe zera kaso.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (10, 'W9009', '10.5555/generated.0009', 'Generated study of zetu kavi loze', 2019, '2019-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of zetu kavi loze.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (11, 'W9010', '10.5555/generated.0010', 'Generated study of kaka lolo mimi', 2020, '2020-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of kaka lolo mimi.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workenrichment VALUES (12, 'W9011', '10.5555/generated.0011', 'Generated study of lonu mipe nura', 2021, '2021-06-01', 'article', 'en', NULL, NULL, '[]', NULL, 'An abstract about Generated study of lonu mipe nura.', 0, '[]', '[]', '[]', '[]', 1, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workkey VALUES (1, 1, 'g0', 1);
INSERT INTO public.workkey VALUES (2, 1, 'g1', 2);
INSERT INTO public.workkey VALUES (3, 1, 'g2', 3);
INSERT INTO public.workkey VALUES (4, 1, 'g3', 4);
INSERT INTO public.workkey VALUES (5, 1, 'g4', 5);
INSERT INTO public.workkey VALUES (6, 1, 'g5', 6);
INSERT INTO public.workkey VALUES (7, 1, 'g6', 7);
INSERT INTO public.workkey VALUES (8, 1, 'g7', 8);
INSERT INTO public.workkey VALUES (9, 1, 'g8', 9);
INSERT INTO public.workkey VALUES (10, 1, 'g9', 10);
INSERT INTO public.workkey VALUES (11, 1, 'g10', 11);
INSERT INTO public.workkey VALUES (12, 1, 'g11', 12);
INSERT INTO public.workmatch VALUES (1, 'matched', 'doi', 'W9000', 107, '[{"id": "W9000", "title": "Generated study of kaka lolo mimi", "year": 2019, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (2, 'matched', 'pin', 'W9002', 81.8, '[]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (3, 'rejected', 'pin', NULL, NULL, '[]', '[]', 'rejected by the user (kb resolve --none)', '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (4, 'matched', 'doi', 'W9003', 107, '[{"id": "W9003", "title": "Generated study of nuze peka ralo", "year": 2019, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (5, 'matched', 'doi', 'W9004', 107, '[{"id": "W9004", "title": "Generated study of pemi ranu sope", "year": 2020, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (6, 'matched', 'doi', 'W9005', 107, '[{"id": "W9005", "title": "Generated study of rara soso tutu", "year": 2021, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (7, 'matched', 'doi', 'W9006', 107, '[{"id": "W9006", "title": "Generated study of sovi tuze vika", "year": 2019, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (8, 'matched', 'doi', 'W9007', 107, '[{"id": "W9007", "title": "Generated study of tulo vimi zenu", "year": 2020, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (9, 'matched', 'doi', 'W9008', 107, '[{"id": "W9008", "title": "Generated study of vipe zera kaso", "year": 2021, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (10, 'matched', 'doi', 'W9009', 107, '[{"id": "W9009", "title": "Generated study of zetu kavi loze", "year": 2019, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (11, 'matched', 'doi', 'W9010', 107, '[{"id": "W9010", "title": "Generated study of kaka lolo mimi", "year": 2020, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.workmatch VALUES (12, 'matched', 'doi', 'W9011', 107, '[{"id": "W9011", "title": "Generated study of lonu mipe nura", "year": 2021, "score": 107.0, "title_similarity": 100.0, "year_delta": 0, "author_agrees": true, "preprint": false, "why": "title 100, first author agrees"}]', '[]', NULL, '2026-11-29 20:02:13.515465+00');
INSERT INTO public.worktopic VALUES (13, 1, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (14, 2, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (15, 4, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (16, 5, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (17, 6, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (18, 7, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (19, 8, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (20, 9, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (21, 10, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (22, 11, 'T10001', 0.99, true);
INSERT INTO public.worktopic VALUES (23, 12, 'T10001', 0.99, true);
SELECT pg_catalog.setval('public.apilookup_id_seq', 13, true);
SELECT pg_catalog.setval('public.apiresponse_id_seq', 2, true);
SELECT pg_catalog.setval('public.bibentry_id_seq', 12, true);
SELECT pg_catalog.setval('public.book_id_seq', 1, true);
SELECT pg_catalog.setval('public.citation_id_seq', 12, true);
SELECT pg_catalog.setval('public.heading_id_seq', 3, true);
SELECT pg_catalog.setval('public.ingestrun_id_seq', 1, true);
SELECT pg_catalog.setval('public.label_id_seq', 21, true);
SELECT pg_catalog.setval('public.mention_id_seq', 1, false);
SELECT pg_catalog.setval('public.pin_id_seq', 2, true);
SELECT pg_catalog.setval('public.problem_id_seq', 1, false);
SELECT pg_catalog.setval('public.reference_id_seq', 23, true);
SELECT pg_catalog.setval('public.userlabel_id_seq', 2, true);
SELECT pg_catalog.setval('public.work_id_seq', 13, true);
SELECT pg_catalog.setval('public.workauthor_id_seq', 23, true);
SELECT pg_catalog.setval('public.workkey_id_seq', 12, true);
SELECT pg_catalog.setval('public.worktopic_id_seq', 23, true);
ALTER TABLE ONLY public.apilookup
    ADD CONSTRAINT apilookup_kind_value_key UNIQUE (kind, value);
ALTER TABLE ONLY public.apilookup
    ADD CONSTRAINT apilookup_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.apiresponse
    ADD CONSTRAINT apiresponse_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.author
    ADD CONSTRAINT author_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.bibentry
    ADD CONSTRAINT bibentry_book_id_file_key_key UNIQUE (book_id, file, key);
ALTER TABLE ONLY public.bibentry
    ADD CONSTRAINT bibentry_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.book
    ADD CONSTRAINT book_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.citation
    ADD CONSTRAINT citation_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.heading
    ADD CONSTRAINT heading_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.ingestrun
    ADD CONSTRAINT ingestrun_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.kbmeta
    ADD CONSTRAINT kbmeta_pkey PRIMARY KEY (key);
ALTER TABLE ONLY public.label
    ADD CONSTRAINT label_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.mention
    ADD CONSTRAINT mention_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.openalexrecord
    ADD CONSTRAINT openalexrecord_pkey PRIMARY KEY (openalex_id);
ALTER TABLE ONLY public.pin
    ADD CONSTRAINT pin_book_name_key_key UNIQUE (book_name, key);
ALTER TABLE ONLY public.pin
    ADD CONSTRAINT pin_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.problem
    ADD CONSTRAINT problem_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.reference
    ADD CONSTRAINT reference_citing_work_id_cited_work_id_key UNIQUE (citing_work_id, cited_work_id);
ALTER TABLE ONLY public.reference
    ADD CONSTRAINT reference_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.topic
    ADD CONSTRAINT topic_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.userlabel
    ADD CONSTRAINT userlabel_book_name_key_node_id_key UNIQUE (book_name, key, node_id);
ALTER TABLE ONLY public.userlabel
    ADD CONSTRAINT userlabel_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.work
    ADD CONSTRAINT work_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.workauthor
    ADD CONSTRAINT workauthor_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.workauthor
    ADD CONSTRAINT workauthor_work_id_position_key UNIQUE (work_id, "position");
ALTER TABLE ONLY public.workenrichment
    ADD CONSTRAINT workenrichment_pkey PRIMARY KEY (work_id);
ALTER TABLE ONLY public.workkey
    ADD CONSTRAINT workkey_book_id_key_key UNIQUE (book_id, key);
ALTER TABLE ONLY public.workkey
    ADD CONSTRAINT workkey_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.workmatch
    ADD CONSTRAINT workmatch_pkey PRIMARY KEY (work_id);
ALTER TABLE ONLY public.worktopic
    ADD CONSTRAINT worktopic_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.worktopic
    ADD CONSTRAINT worktopic_work_id_topic_id_key UNIQUE (work_id, topic_id);
CREATE INDEX ix_bibentry_book_id ON public.bibentry USING btree (book_id);
CREATE INDEX ix_bibentry_work_id ON public.bibentry USING btree (work_id);
CREATE UNIQUE INDEX ix_book_name ON public.book USING btree (name);
CREATE INDEX ix_citation_book_key ON public.citation USING btree (book_id, key);
CREATE INDEX ix_citation_heading_id ON public.citation USING btree (heading_id);
CREATE INDEX ix_citation_work_id ON public.citation USING btree (work_id);
CREATE INDEX ix_heading_book_position ON public.heading USING btree (book_id, "position");
CREATE INDEX ix_ingestrun_book_name ON public.ingestrun USING btree (book_name);
CREATE INDEX ix_label_heading_id ON public.label USING btree (heading_id);
CREATE INDEX ix_label_node_id ON public.label USING btree (node_id);
CREATE INDEX ix_label_work_id ON public.label USING btree (work_id);
CREATE INDEX ix_mention_book_id ON public.mention USING btree (book_id);
CREATE INDEX ix_mention_heading_id ON public.mention USING btree (heading_id);
CREATE INDEX ix_mention_work_id ON public.mention USING btree (work_id);
CREATE INDEX ix_pin_book_name ON public.pin USING btree (book_name);
CREATE INDEX ix_problem_book_id ON public.problem USING btree (book_id);
CREATE INDEX ix_reference_cited_work_id ON public.reference USING btree (cited_work_id);
CREATE INDEX ix_reference_citing_work_id ON public.reference USING btree (citing_work_id);
CREATE INDEX ix_userlabel_book_name ON public.userlabel USING btree (book_name);
CREATE INDEX ix_work_arxiv_id ON public.work USING btree (arxiv_id);
CREATE INDEX ix_work_doi ON public.work USING btree (doi);
CREATE INDEX ix_work_norm_title ON public.work USING btree (norm_title);
CREATE INDEX ix_work_openalex_id ON public.work USING btree (openalex_id);
CREATE INDEX ix_workauthor_author_id ON public.workauthor USING btree (author_id);
CREATE INDEX ix_workauthor_work_id ON public.workauthor USING btree (work_id);
CREATE INDEX ix_workenrichment_openalex_id ON public.workenrichment USING btree (openalex_id);
CREATE INDEX ix_workkey_book_id ON public.workkey USING btree (book_id);
CREATE INDEX ix_workkey_work_id ON public.workkey USING btree (work_id);
CREATE INDEX ix_workmatch_openalex_id ON public.workmatch USING btree (openalex_id);
CREATE INDEX ix_worktopic_topic_id ON public.worktopic USING btree (topic_id);
CREATE INDEX ix_worktopic_work_id ON public.worktopic USING btree (work_id);
ALTER TABLE ONLY public.apilookup
    ADD CONSTRAINT apilookup_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.apiresponse(id);
ALTER TABLE ONLY public.bibentry
    ADD CONSTRAINT bibentry_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.book(id);
ALTER TABLE ONLY public.bibentry
    ADD CONSTRAINT bibentry_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.citation
    ADD CONSTRAINT citation_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.book(id);
ALTER TABLE ONLY public.citation
    ADD CONSTRAINT citation_heading_id_fkey FOREIGN KEY (heading_id) REFERENCES public.heading(id);
ALTER TABLE ONLY public.citation
    ADD CONSTRAINT citation_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.heading
    ADD CONSTRAINT heading_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.book(id);
ALTER TABLE ONLY public.heading
    ADD CONSTRAINT heading_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.heading(id);
ALTER TABLE ONLY public.label
    ADD CONSTRAINT label_heading_id_fkey FOREIGN KEY (heading_id) REFERENCES public.heading(id);
ALTER TABLE ONLY public.label
    ADD CONSTRAINT label_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.mention
    ADD CONSTRAINT mention_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.book(id);
ALTER TABLE ONLY public.mention
    ADD CONSTRAINT mention_heading_id_fkey FOREIGN KEY (heading_id) REFERENCES public.heading(id);
ALTER TABLE ONLY public.mention
    ADD CONSTRAINT mention_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.openalexrecord
    ADD CONSTRAINT openalexrecord_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.apiresponse(id);
ALTER TABLE ONLY public.problem
    ADD CONSTRAINT problem_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.book(id);
ALTER TABLE ONLY public.reference
    ADD CONSTRAINT reference_cited_work_id_fkey FOREIGN KEY (cited_work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.reference
    ADD CONSTRAINT reference_citing_work_id_fkey FOREIGN KEY (citing_work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.workauthor
    ADD CONSTRAINT workauthor_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.author(id);
ALTER TABLE ONLY public.workauthor
    ADD CONSTRAINT workauthor_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.workenrichment
    ADD CONSTRAINT workenrichment_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.workkey
    ADD CONSTRAINT workkey_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.book(id);
ALTER TABLE ONLY public.workkey
    ADD CONSTRAINT workkey_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.workmatch
    ADD CONSTRAINT workmatch_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
ALTER TABLE ONLY public.worktopic
    ADD CONSTRAINT worktopic_topic_id_fkey FOREIGN KEY (topic_id) REFERENCES public.topic(id);
ALTER TABLE ONLY public.worktopic
    ADD CONSTRAINT worktopic_work_id_fkey FOREIGN KEY (work_id) REFERENCES public.work(id);
