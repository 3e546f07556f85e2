/**
 * Risk tiers from the stored plan (RiskPolicy), the teams directory.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"workflows"})
package io.countersign.policy;

import org.springframework.modulith.ApplicationModule;
