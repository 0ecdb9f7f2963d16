package dev.gatehouse.ui;

import org.jspecify.annotations.Nullable;

/**
 * What a dashboard handler answers, built on a worker and written on the event loop.
 *
 * @param location where a redirect goes (status 303), or null
 * @param changed whether keys or teams changed, so the gateway picks the change up before answering
 * @param filename a download's file name, or null for a page
 * @param endsSession whether the session cookie is cleared (signing out)
 */
record Answer(
        int status,
        String contentType,
        String body,
        @Nullable String location,
        boolean changed,
        @Nullable String filename,
        boolean endsSession) {

    static final String HTML = "text/html; charset=utf-8";

    static Answer page(String html) {
        return new Answer(200, HTML, html, null, false, null, false);
    }

    static Answer status(int status, String html) {
        return new Answer(status, HTML, html, null, false, null, false);
    }

    static Answer redirect(String location) {
        return new Answer(303, HTML, "", location, false, null, false);
    }

    static Answer download(String contentType, String body, String filename) {
        return new Answer(200, contentType, body, null, false, filename, false);
    }

    static Answer signedOut() {
        return new Answer(303, HTML, "", "/ui/login", false, null, true);
    }

    Answer afterChange() {
        return new Answer(status, contentType, body, location, true, filename, endsSession);
    }
}
