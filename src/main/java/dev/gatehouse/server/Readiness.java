package dev.gatehouse.server;

/** What {@code /readyz} answers: ready only between the end of the warm-up and the start of a shutdown. */
enum Readiness {
    /** Listening, but the warm-up has not run the request path yet (see {@link Rehearsal}). */
    WARMING_UP(503, "warming_up"),
    READY(200, "ready"),
    /** Shutting down: still serving for the grace period and the drain, but a load balancer should stop sending. */
    DRAINING(503, "draining");

    final int status;
    final String text;

    Readiness(int status, String text) {
        this.status = status;
        this.text = text;
    }
}
