package io.imlogic.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

import java.util.concurrent.CountDownLatch;

/**
 * The ceiling of the HTTP stack: a bare Vert.x HTTP server (the same vertx-core the service runs on) that reads the
 * request body and answers 202 with a small JSON body, shaped like the service's reply. One server instance, hence
 * one event loop, as Camel's platform-http has.
 *
 * <p>{@code RawVertx PORT}
 */
public final class RawVertx {

    private RawVertx() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Buffer reply = Buffer.buffer("{\"code\":0,\"message\":\"accepted\",\"data\":{\"requestId\":"
                + "\"00000000-0000-4000-8000-000000000000\",\"mids\":1}}");
        CountDownLatch listening = new CountDownLatch(1);
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .setStatusCode(202)
                        .putHeader("Content-Type", "application/json")
                        .end(reply)))
                .listen()
                .onSuccess(server -> listening.countDown())
                .onFailure(error -> {
                    System.err.println("raw Vert.x cannot listen on " + port + ": " + error);
                    System.exit(1);
                });
        listening.await();
        System.out.println("raw Vert.x listening on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close));
        Thread.currentThread().join();
    }
}
