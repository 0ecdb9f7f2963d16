/** The relational store (SQLite or PostgreSQL): pooled connections and schema migrations. */
@NullMarked
package dev.gatehouse.store;

import org.jspecify.annotations.NullMarked;
