package io.countersign.workflows;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link TestEngine} shared by every test class: starting the in-memory engine and deploying the models
 * costs more than most process tests. Tests keep apart by cancelling their own instances afterwards.
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
            .getOrComputeIfAbsent(Shared.class, key -> new Shared(TestEngine.start()), Shared.class)
            .engine();
    }

    private record Shared(TestEngine engine) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            engine.close();
        }
    }
}
