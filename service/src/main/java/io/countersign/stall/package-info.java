/**
 * Requests the workflow can no longer move, and what an admin may do about them.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"approval", "intake", "security"})
package io.countersign.stall;

import org.springframework.modulith.ApplicationModule;
