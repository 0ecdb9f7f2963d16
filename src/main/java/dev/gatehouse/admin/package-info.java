/** The admin REST API under /admin/v1: keys, teams, users, limit status, usage reports, deployment health and config reload. */
@NullMarked
package dev.gatehouse.admin;

import org.jspecify.annotations.NullMarked;
