package io.countersign.engine;

import io.camunda.client.annotation.Deployment;
import org.springframework.context.annotation.Configuration;

/** Deploys the change-request workflow and the risk policy at start-up; the engine keeps one version per change. */
@Configuration(proxyBeanMethods = false)
@Deployment(resources = {"classpath:change-request.bpmn", "classpath:risk-policy.dmn"})
class ProcessDeployment {
}
