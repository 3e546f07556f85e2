/**
 * The hash-chained, Merkle-checkpointed audit log, its queries and its offline verifiers.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"common"})
package io.countersign.audit;

import org.springframework.modulith.ApplicationModule;
