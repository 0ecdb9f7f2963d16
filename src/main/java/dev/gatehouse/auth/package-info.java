/** Virtual keys, teams and users: how a presented secret becomes a principal, and where keys are stored. */
@NullMarked
package dev.gatehouse.auth;

import org.jspecify.annotations.NullMarked;
