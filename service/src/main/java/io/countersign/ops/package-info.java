/**
 * Operating Countersign: the gauges that read the database (waiting approvals, SLA breaches, expiries, backlogs),
 * the time-to-decision histogram, and the {@code backlogs} health component. The meter names live in
 * {@code common.CountersignMetrics}; see docs/operations.md.
 *
 * <p>Its allowed dependencies are listed here so that {@code ModularityTests} fails on any new one: a capability
 * reaching into another is a decision to make in this file, not an accident of an import.
 */
@ApplicationModule(allowedDependencies = {"common", "intake", "policy"})
package io.countersign.ops;

import org.springframework.modulith.ApplicationModule;
