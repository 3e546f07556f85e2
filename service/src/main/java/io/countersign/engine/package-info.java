/**
 * The job workers (thin adapters behind the JobGuard) and the durable embedded engine.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"approval", "audit", "common", "intake", "outbox", "policy", "security", "stall", "workflows"})
package io.countersign.engine;

import org.springframework.modulith.ApplicationModule;
