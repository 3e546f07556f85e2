package io.countersign.outbound;

import java.net.UnknownHostException;

/**
 * An outbound target that must not be called: a link-local, metadata, wildcard, multicast or (unless allowed)
 * loopback address, in whatever spelling it was given. An {@link UnknownHostException} so that the HTTP client's
 * resolver can refuse a connection with it.
 */
public class OutboundRefused extends UnknownHostException {

    public OutboundRefused(String message) {
        super(message);
    }
}
