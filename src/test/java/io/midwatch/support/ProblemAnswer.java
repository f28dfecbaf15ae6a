package io.midwatch.support;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultMatcher;

/** The RFC 9457 problem every error of MidWatch's API is (docs/spec.md, "REST contract"), as a slice test sees it. */
public final class ProblemAnswer {

    private ProblemAnswer() {
    }

    /** This status, as an {@code application/problem+json} with its reason phrase as title and exactly this detail. */
    public static ResultMatcher problem(HttpStatus status, String detail) {
        return problem(status, Matchers.equalTo(detail));
    }

    /** As {@link #problem(HttpStatus, String)}, for a detail that ends in words of a library (Jackson, Spring). */
    public static ResultMatcher problem(HttpStatus status, Matcher<? super String> detail) {
        return ResultMatcher.matchAll(
                status().is(status.value()),
                content().contentType(MediaType.APPLICATION_PROBLEM_JSON),
                jsonPath("$.status").value(status.value()),
                jsonPath("$.title").value(status.getReasonPhrase()),
                jsonPath("$.detail").value(detail));
    }
}
