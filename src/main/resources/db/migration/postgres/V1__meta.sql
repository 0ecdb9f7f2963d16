-- Facts about this store itself (for example the schema's creation time), as key/value pairs.
CREATE TABLE gatehouse_meta (
    name  VARCHAR(100) PRIMARY KEY,
    value TEXT NOT NULL
);
