-- Flyway's default location. A runner that scanned the class path would apply this; none may.
CREATE TABLE found_by_a_class_path_scan (id integer);
