package io.countersign.cli;

/** The command stops here, with the exit code that says why and one line for the person or pipeline reading it. */
class Stop extends RuntimeException {

    static final int REFUSED = 1;
    static final int BAD_INPUT = 2;
    static final int COMMAND_FAILED = 3;
    static final int SERVER_TROUBLE = 4;
    static final int UNDECIDED = 5;

    private final int exitCode;

    private Stop(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static Stop refused(String why) {
        return new Stop(REFUSED, "refused: " + why, null);
    }

    static Stop badInput(String why, Throwable cause) {
        return new Stop(BAD_INPUT, "error: " + why, cause);
    }

    static Stop serverTrouble(String why, Throwable cause) {
        return new Stop(SERVER_TROUBLE, "error: " + why, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
