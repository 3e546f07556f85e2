package io.countersign.workflows;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link TestEngine} shared by every test class: starting the in-memory engine and deploying the models
 * costs more than all the process tests together. Tests keep apart by cancelling their own instances afterwards.
 */
final class ProcessEngineExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
            .getStore(ExtensionContext.Namespace.create(ProcessEngineExtension.class))
            .getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class)
            .testEngine();
    }

    private record Shared(ZeebeTestEngine engine, ZeebeClient client, TestEngine testEngine)
        implements ExtensionContext.Store.CloseableResource {

        static Shared start() {
            ZeebeTestEngine engine = EngineFactory.create();
            engine.start();
            ZeebeClient client = engine.createClient();
            client.newDeployResourceCommand()
                .addResourceFromClasspath(ChangeRequestProcess.BPMN_RESOURCE)
                .addResourceFromClasspath(ChangeRequestProcess.DMN_RESOURCE)
                .send()
                .join();
            return new Shared(engine, client, new TestEngine(engine, client));
        }

        @Override
        public void close() {
            client.close();
            engine.stop();
        }
    }
}
