package io.countersign.notify;

import org.springframework.http.HttpStatus;

/** A Slack interaction request that is not acted on: not signed by Slack, too old, replayed, or unreadable. */
class SlackRequestRefused extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    SlackRequestRefused(HttpStatus status, String field, String reason) {
        super(reason);
        this.status = status;
        this.field = field;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
