package io.countersign.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.Error;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.countersign.workflows.ChangeRequestProcess.Elements;
import io.countersign.workflows.ChangeRequestProcess.Errors;
import io.countersign.workflows.ChangeRequestProcess.JobTypes;
import io.countersign.workflows.ChangeRequestProcess.Messages;
import io.countersign.workflows.ChangeRequestProcess.RiskFields;
import io.countersign.workflows.ChangeRequestProcess.RiskInputFields;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.InputExpression;
import org.camunda.bpm.model.dmn.instance.Output;
import org.junit.jupiter.api.Test;

/** Keeps {@link ChangeRequestProcess} and the models from drifting apart: every name the Java side uses exists. */
class ModelContractTest {

    private static final BpmnModelInstance BPMN = readBpmn();
    private static final DmnModelInstance DMN = readDmn();

    @Test
    void processIdIsTheOneJavaStarts() {
        assertThat(BPMN.getModelElementsByType(Process.class))
            .singleElement()
            .satisfies(process -> assertThat(process.getId()).isEqualTo(ChangeRequestProcess.PROCESS_ID));
    }

    @Test
    void everyNamedElementExistsInTheProcess() {
        Set<String> ids = ids(BPMN.getModelElementsByType(FlowElement.class));
        assertThat(ids).containsAll(constants(Elements.class));
    }

    @Test
    void everyJobTypeIsUsedAndNoOtherExists() {
        Set<String> types = BPMN.getModelElementsByType(ZeebeTaskDefinition.class).stream()
            .map(ZeebeTaskDefinition::getType)
            .collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrderElementsOf(constants(JobTypes.class));
    }

    @Test
    void everyMessageAndErrorIsDeclaredAndNoOtherExists() {
        assertThat(BPMN.getModelElementsByType(Message.class)).extracting(Message::getName)
            .containsExactlyInAnyOrderElementsOf(constants(Messages.class));
        assertThat(BPMN.getModelElementsByType(Error.class)).extracting(Error::getErrorCode)
            .containsExactlyInAnyOrderElementsOf(constants(Errors.class));
    }

    @Test
    void everyElementHasATypePrefixedIdAndIsDrawn() {
        List<FlowElement> elements = List.copyOf(BPMN.getModelElementsByType(FlowElement.class));
        Set<String> drawn = BPMN.getModelElementsByType(BpmnShape.class).stream()
            .map(shape -> shape.getBpmnElement().getId())
            .collect(Collectors.toSet());
        drawn.addAll(BPMN.getModelElementsByType(BpmnEdge.class).stream()
            .map(edge -> edge.getBpmnElement().getId())
            .collect(Collectors.toSet()));

        assertThat(elements).extracting(FlowElement::getId).allSatisfy(id -> assertThat(id)
            .matches("(start_event|end_event|service_task|script_task|business_rule_task|event_sub_process|sub_process|gateway"
                + "|boundary_event|message_catch_event|timer_event|flow)_[a-z_]+"));
        assertThat(drawn).containsAll(ids(elements));
    }

    @Test
    void decisionTakesTheRiskInputsAndReturnsTheRiskFields() {
        Decision decision = DMN.getModelElementById(ChangeRequestProcess.DECISION_ID);
        assertThat(decision).as("decision " + ChangeRequestProcess.DECISION_ID).isNotNull();
        assertThat(decision.getModelInstance().getModelElementsByType(InputExpression.class))
            .extracting(input -> input.getText().getTextContent().trim())
            .containsExactlyInAnyOrderElementsOf(constants(RiskInputFields.class));
        assertThat(decision.getModelInstance().getModelElementsByType(Output.class))
            .extracting(Output::getName)
            .containsExactlyInAnyOrderElementsOf(constants(RiskFields.class));
    }

    private static Set<String> ids(java.util.Collection<? extends BaseElement> elements) {
        return elements.stream().map(BaseElement::getId).collect(Collectors.toSet());
    }

    private static Set<String> constants(Class<?> holder) {
        return Arrays.stream(holder.getDeclaredFields())
            .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
            .map(ModelContractTest::value)
            .collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BpmnModelInstance readBpmn() {
        try (InputStream in = resource(ChangeRequestProcess.BPMN_RESOURCE)) {
            return Bpmn.readModelFromStream(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DmnModelInstance readDmn() {
        try (InputStream in = resource(ChangeRequestProcess.DMN_RESOURCE)) {
            return Dmn.readModelFromStream(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        return ModelContractTest.class.getClassLoader().getResourceAsStream(name);
    }
}
