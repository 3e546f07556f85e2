package io.countersign.ui.shared;

import java.util.Collection;
import java.util.Map;

/**
 * Port: which requests are stalled. Implemented by the service. Pages ask only about requests they already showed
 * the viewer, so the port needs no viewer.
 */
public interface Stalls {

    /** The open stall of each of these requests that has one; requests that are not stalled are left out. */
    Map<String, StallNotice> of(Collection<String> requestIds);
}
