package io.midwatch.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.midwatch.platform.ProblemResponse;

/**
 * Refuses every call to the engine's REST APIs that carries a query expression ({@code assigneeExpression},
 * {@code dueAfterExpression}...), for every caller, at any depth of the body and in the URL's parameters.
 * Camunda 7.24.0 checks its {@code enableExpressionsInAdhocQueries=false} only at the top level of a task
 * query, and evaluates expressions inside its {@code orQueries} with MidWatch's rights; the fix is in
 * enterprise patches only. Nothing MidWatch offers needs an expression in a query.
 */
class AdhocQueryExpressionGuard extends OncePerRequestFilter {

    private final ObjectMapper json;

    AdhocQueryExpressionGuard(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refused;
        try {
            refused = expressionParameter(request.getQueryString());
        } catch (IllegalArgumentException malformed) {
            ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "The URL's query string is malformed", json);
            return;
        }
        if (refused.isEmpty() && BufferedBodyRequest.hasJsonBody(request)) {
            if (isEncoded(request)) {
                ProblemResponse.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "The engine's REST API takes JSON bodies without a Content-Encoding", json);
                return;
            }
            var buffered = BufferedBodyRequest.of(request);
            try {
                refused = expressionField(buffered.body());
            } catch (JsonProcessingException notJson) {
                ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "The body is not JSON", json);
                return;
            }
            request = buffered;
        }
        if (refused.isPresent()) {
            ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "Expressions are not accepted in queries: "
                    + refused.get() + " is refused", json);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Names such as {@code dueAfterExpression}, spelled in any case, as the engine's query DTOs name them. */
    static boolean isExpressionName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith("expression");
    }

    private static Optional<String> expressionParameter(String query) {
        if (query == null) {
            return Optional.empty();
        }
        return Arrays.stream(query.split("&"))
                .map(pair -> URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8))
                .filter(AdhocQueryExpressionGuard::isExpressionName)
                .findFirst();
    }

    /** The JSON pointer of the first field named like an expression, at any depth and however often repeated. */
    private Optional<String> expressionField(byte[] body) throws IOException {
        if (body.length == 0) {
            return Optional.empty();
        }
        try (JsonParser parser = json.getFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && isExpressionName(parser.currentName())) {
                    return Optional.of(parser.getParsingContext().pathAsPointer().toString());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEncoded(HttpServletRequest request) {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        return encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim());
    }
}
