/**
 * Engine commands that follow a database commit.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"common"})
package io.countersign.outbox;

import org.springframework.modulith.ApplicationModule;
