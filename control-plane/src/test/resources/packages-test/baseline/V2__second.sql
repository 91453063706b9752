CREATE TABLE two (id integer);
