package io.midwatch.platform;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of MidWatch's own API into an RFC 9457 problem with a detail a caller can act on. MidWatch's
 * own refusals ({@link ApiRefusal}) carry their status, detail and headers, and Spring renders them as they are.
 */
@RestControllerAdvice(basePackages = "io.midwatch")
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(OptimisticLockingException.class)
    ProblemDetail concurrentUpdate(OptimisticLockingException e) {
        return problem(HttpStatus.CONFLICT, "The record was changed concurrently; send the request again");
    }

    /**
     * A lost database connection that was not, or could not be, made good by running the work again: 503
     * with a Retry-After. Any other failure of these kinds goes on to the default handling (a 500).
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class, ProcessEngineException.class,
            PersistenceException.class})
    ResponseEntity<ProblemDetail> databaseFailure(RuntimeException e) {
        if (!ConnectionLoss.isTransient(e)) {
            throw e;
        }
        log.warn("Answered 503: the database connection was lost: {}", e.toString());
        return databaseUnavailable();
    }

    static ResponseEntity<ProblemDetail> databaseUnavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(ConnectionLoss.RETRY_AFTER.toSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, ConnectionLoss.DETAIL));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, unreadableDetail(e)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, detail));
    }

    private static String unreadableDetail(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            Throwable root = mapping.getCause() != null ? mapping.getCause() : mapping;
            String reason = root instanceof IllegalArgumentException ? root.getMessage() : mapping.getOriginalMessage();
            return field.isEmpty() ? "Malformed JSON: " + reason : "Invalid value for '" + field + "': " + reason;
        }
        log.debug("Unreadable request body", e);
        return "Malformed JSON request body";
    }

    static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }
}
