/**
 * Adapters that implement the ui module's ports with the service's capabilities.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"api", "approval", "audit", "common", "freeze", "intake", "notify", "policy", "security", "stall", "token", "ui", "workflows"})
package io.countersign.web;

import org.springframework.modulith.ApplicationModule;
