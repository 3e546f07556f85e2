/**
 * A change's self-contained evidence pack.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"audit", "intake", "security", "token"})
package io.countersign.evidence;

import org.springframework.modulith.ApplicationModule;
