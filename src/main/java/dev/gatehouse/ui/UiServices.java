package dev.gatehouse.ui;

import dev.gatehouse.admin.AdminServices;
import dev.gatehouse.metering.RequestLog;
import javax.sql.DataSource;

/**
 * What the dashboard reads and changes: the admin API's services, the request log, its sessions
 * and the alerts feed. Built once by the server and shared by every front.
 */
public final class UiServices {

    private final AdminServices admin;
    private final RequestLog requests;
    private final SessionStore sessions;
    private final AlertFeed alerts;
    private final LoginThrottle throttle;
    private final UiAssets assets;

    /**
     * @param store the database of the sessions ({@code ui_sessions})
     * @param assets the scripts and styles, read at start ({@link UiAssets#load})
     */
    public UiServices(AdminServices admin, RequestLog requests, DataSource store, AlertFeed alerts, UiAssets assets) {
        this(admin, requests, new JdbcSessionStore(store), alerts, assets);
    }

    UiServices(AdminServices admin, RequestLog requests, SessionStore sessions, AlertFeed alerts, UiAssets assets) {
        this.assets = assets;
        this.admin = admin;
        this.requests = requests;
        this.sessions = sessions;
        this.alerts = alerts;
        this.throttle = new LoginThrottle(admin.clock());
    }

    AdminServices admin() {
        return admin;
    }

    RequestLog requests() {
        return requests;
    }

    SessionStore sessions() {
        return sessions;
    }

    AlertFeed alerts() {
        return alerts;
    }

    UiAssets assets() {
        return assets;
    }

    LoginThrottle throttle() {
        return throttle;
    }
}
