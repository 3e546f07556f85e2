/**
 * Plans and change requests: submit, read, withdraw, redeem, report; the request aggregate and its lifecycle.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"audit", "common", "freeze", "outbox", "policy", "security", "token", "workflows"})
package io.countersign.intake;

import org.springframework.modulith.ApplicationModule;
