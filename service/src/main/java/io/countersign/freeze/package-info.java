/**
 * Change-freeze windows: one-off or recurring (an RFC 5545 RRULE, read by lib-recur) periods in which non-LOW
 * changes to their scope are denied at submit, and tokens approved before cannot be redeemed. The calendar answers
 * "which window covers this environment, service and region at this instant"; the risk policy decides what follows.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one.
 */
@ApplicationModule(allowedDependencies = {"audit", "security"})
package io.countersign.freeze;

import org.springframework.modulith.ApplicationModule;
