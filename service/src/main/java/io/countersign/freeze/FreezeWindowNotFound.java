package io.countersign.freeze;

/** No freeze window has this id (it may have been deleted). */
public final class FreezeWindowNotFound extends RuntimeException {

    FreezeWindowNotFound(String id) {
        super("no freeze window " + id);
    }
}
