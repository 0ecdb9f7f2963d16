/**
 * The web dashboard at {@code /ui}: sign-in sessions, server-rendered pages over the admin services
 * and the usage store, and its static assets. Pages do their store work on worker threads.
 */
@NullMarked
package dev.gatehouse.ui;

import org.jspecify.annotations.NullMarked;
