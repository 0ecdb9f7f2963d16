package dev.gatehouse.metering;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A DataSource that fails on demand, as a store does when its server goes away: while down, new
 * connections are refused and commits on connections already open throw.
 */
final class FailingDataSource {

    final AtomicBoolean down = new AtomicBoolean();
    private final DataSource real;

    FailingDataSource(DataSource real) {
        this.real = real;
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        if (down.get()) {
                            throw new SQLException("connection refused (store down)");
                        }
                        return connection((Connection) invoke(real, method, args));
                    }
                    return invoke(real, method, args);
                });
    }

    private Connection connection(Connection c) {
        InvocationHandler h = (proxy, method, args) -> {
            if (down.get()
                    && (method.getName().equals("commit") || method.getName().equals("prepareStatement"))) {
                throw new SQLException("I/O error: connection reset (store down)");
            }
            return invoke(c, method, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
