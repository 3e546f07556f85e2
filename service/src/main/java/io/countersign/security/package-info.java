/**
 * Sign-in, canonical identities, agent tokens, rate limits, OIDC.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"audit", "common", "ui"})
package io.countersign.security;

import org.springframework.modulith.ApplicationModule;
