/**
 * Signed decision callbacks to agents.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"common", "intake", "outbound", "policy", "security", "token"})
package io.countersign.webhook;

import org.springframework.modulith.ApplicationModule;
