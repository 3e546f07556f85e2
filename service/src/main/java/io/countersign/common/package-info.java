/**
 * Small helpers every capability may use.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {})
package io.countersign.common;

import org.springframework.modulith.ApplicationModule;
