/**
 * Approval tokens (issue, verify, redeem, revoke), signing keys and the JWKS.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"audit", "security"})
package io.countersign.token;

import org.springframework.modulith.ApplicationModule;
