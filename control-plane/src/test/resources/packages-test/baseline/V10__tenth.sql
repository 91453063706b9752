CREATE TABLE ten (id integer);
