package io.countersign.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON body Jackson could not read, worded once so the API's problem details and the web's
 * paste-a-plan form say the same thing.
 *
 * @param field the JSON path of the offending value ({@code actions[0].scope}); empty when the document as a whole
 *              is unreadable
 */
public record JsonBodyProblem(String field, String message) {

    public static JsonBodyProblem of(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new JsonBodyProblem(path(unknown), "is not a known field");
        }
        if (cause instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
            return new JsonBodyProblem(path(format), "must be one of " + allowed);
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new JsonBodyProblem(path(mapping), "has the wrong type or shape");
        }
        // Mapping messages name Java types; parser messages say where the JSON broke, which helps and leaks nothing.
        return new JsonBodyProblem("", cause instanceof JsonMappingException
                ? "the body must be a JSON object with the documented fields"
                : cause instanceof JsonProcessingException json
                ? "the body is not valid JSON: " + json.getOriginalMessage()
                : "the body is missing or not readable as JSON");
    }

    public boolean isWholeDocument() {
        return field.isEmpty();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.toString();
    }
}
