/**
 * The JSON API and its problem details: the edge where requests become calls into the capabilities.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"approval", "common", "freeze", "intake", "policy", "security", "stall", "token"})
package io.countersign.api;

import org.springframework.modulith.ApplicationModule;
