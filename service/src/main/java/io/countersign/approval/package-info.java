/**
 * The one judge: approval tasks, decisions and their rules (the Approval aggregate).
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"common", "intake", "outbox", "policy", "security", "token", "workflows"})
package io.countersign.approval;

import org.springframework.modulith.ApplicationModule;
