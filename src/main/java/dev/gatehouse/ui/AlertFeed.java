package dev.gatehouse.ui;

import dev.gatehouse.alerts.AlertEngine;
import dev.gatehouse.alerts.AlertJson;
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

    /** The alert engine's firing and recently resolved alerts, read through the admin API's own shape. */
    static AlertFeed of(AlertEngine engine) {
        return () ->
                Future.succeededFuture(Alert.fromList(AlertJson.list(engine.list("all", 100), engine.activeCount())));
    }

    /** Active and recent alerts, newest first. */
    Future<List<Alert>> alerts();
}
