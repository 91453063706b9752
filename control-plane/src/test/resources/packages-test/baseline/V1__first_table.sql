CREATE TABLE one (id integer);
