import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.transport.Transport;

/**
 * The floor under any gateway on Vert.x: a plain proxy (body in, one pooled upstream request, body
 * out) on one event loop, on the transport given. Run by bench/prof.sh (MODE vertx):
 * {@code java -cp target/gatehouse.jar bench/VertxProxy.java PORT UPSTREAM_PORT nio|epoll|io_uring}.
 */
public class VertxProxy {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        String name = args.length > 2 ? args[2] : "nio";
        Transport transport = switch (name) {
            case "epoll" -> Transport.EPOLL;
            case "io_uring" -> Transport.IO_URING;
            default -> Transport.NIO;
        };
        System.out.println("transport " + transport.name() + " available " + transport.available());
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(1))
                .withTransport(transport)
                .build();
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(upstream),
                new PoolOptions().setHttp1MaxSize(64));
        vertx.createHttpServer()
                .requestHandler(req -> {
                    if (req.path().equals("/readyz")) {
                        req.response().end("ok");
                        return;
                    }
                    req.body()
                            .compose(body -> client.request(HttpMethod.POST, req.path())
                                    .compose(out -> out.putHeader("content-type", "application/json").send(body))
                                    .compose(answer -> answer.body().map(bytes -> req.response()
                                            .putHeader("content-type", "application/json")
                                            .setStatusCode(answer.statusCode())
                                            .end(bytes))))
                            .onFailure(e -> req.response().setStatusCode(502).end());
                })
                .listen(port, "127.0.0.1")
                .await();
        System.out.println("listening " + port);
    }
}
