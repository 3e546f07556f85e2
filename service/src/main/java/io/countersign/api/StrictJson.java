package io.countersign.api;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.countersign.common.UnicodeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * JSON bodies are read as strictly as they are hashed: text fields take only JSON strings, and a body must be valid
 * UTF-8 whose texts are well-formed Unicode. Jackson on its own turns 42 into "42" and lets overlong or surrogate byte
 * sequences and escaped unpaired surrogates (U+D800) through, so two different byte streams could read as the same plan.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer textOnlyFromStrings() {
        return builder -> builder.postConfigurer(mapper -> {
            for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
                mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
            }
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        });
    }

    /** Refuses a JSON body that is not well-formed UTF-8 before Jackson reads it. */
    @ControllerAdvice(basePackages = "io.countersign")
    static class Utf8Bodies extends RequestBodyAdviceAdapter {

        @Override
        public boolean supports(MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                               Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
            MediaType type = input.getHeaders().getContentType();
            if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                return input;
            }
            // Bodies are already capped (BodySizeFilter), so reading one whole is bounded.
            byte[] body = input.getBody().readAllBytes();
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body));
            } catch (CharacterCodingException e) {
                throw new HttpMessageNotReadableException("the body is not valid UTF-8", new InvalidUtf8(), input);
            }
            // Valid UTF-8 can still spell an unpaired surrogate as a JSON escape; refuse it with its field.
            java.util.List<String> illFormed = UnicodeText.illFormedJsonText(body);
            if (!illFormed.isEmpty()) {
                throw new HttpMessageNotReadableException(UnicodeText.PROBLEM, new UnpairedSurrogate(illFormed), input);
            }
            return new HttpInputMessage() {
                @Override
                public InputStream getBody() {
                    return new ByteArrayInputStream(body);
                }

                @Override
                public HttpHeaders getHeaders() {
                    return input.getHeaders();
                }
            };
        }
    }

    /** Texts in the body (at these JSON paths; "" for a bare top-level string) are not well-formed Unicode. */
    static final class UnpairedSurrogate extends RuntimeException {
        private final java.util.List<String> fields;

        UnpairedSurrogate(java.util.List<String> fields) {
            super(UnicodeText.PROBLEM);
            this.fields = java.util.List.copyOf(fields);
        }

        java.util.List<String> fields() {
            return fields;
        }
    }

    /** The body's bytes are not well-formed UTF-8. */
    static final class InvalidUtf8 extends RuntimeException {
        InvalidUtf8() {
            super("the body is not valid UTF-8");
        }
    }
}
