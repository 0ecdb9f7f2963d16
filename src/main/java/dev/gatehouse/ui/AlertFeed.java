package dev.gatehouse.ui;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where the alerts page reads active and recent alerts: the alerts engine, in the shape of
 * {@code GET /admin/v1/alerts} ({@link Alert#fromList} reads that body). Called on an event loop;
 * must not block.
 */
public interface AlertFeed {

    /** No alerts engine: the page shows only budgets near their limit. */
    AlertFeed NONE = () -> Future.succeededFuture(List.of());

    /** Active and recent alerts, newest first. */
    Future<List<Alert>> alerts();
}
