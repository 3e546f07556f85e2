package io.countersign.engine.embedded;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a gRPC call to the embedded engine only if it carries the engine credential as a bearer token. Anything
 * else is closed with {@code UNAUTHENTICATED} before the gateway sees a single message, so it changes nothing.
 */
final class GatewayCredentialCheck implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCredentialCheck.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final EngineCredential credential;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    GatewayCredentialCheck(EngineCredential credential) {
        this.credential = credential;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (credential.admits(headers.get(AUTHORIZATION))) {
            return next.startCall(call, headers);
        }
        warnNowAndThen(call.getMethodDescriptor().getFullMethodName(), headers.containsKey(AUTHORIZATION));
        call.close(Status.UNAUTHENTICATED.withDescription("the embedded engine admits only Countersign itself"),
                new Metadata());
        return new ServerCall.Listener<>() { };
    }

    /** A process hammering the port must not flood the log; the count says how many were refused meanwhile. */
    private void warnNowAndThen(String method, boolean presentedSomething) {
        long count = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            LOG.warn("Refused a gRPC call to {} {} (refused {} calls since start-up): something other than "
                    + "Countersign is talking to the embedded engine", method,
                    presentedSomething ? "with a wrong credential" : "without a credential", count);
        } else {
            LOG.debug("Refused a gRPC call to {}", method);
        }
    }
}
