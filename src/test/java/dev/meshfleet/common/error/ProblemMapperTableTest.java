package dev.meshfleet.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one table from problem type to status, resolved by class hierarchy; and parser messages made fit for clients. */
class ProblemMapperTableTest {
    static class TooManyLabels extends ValidationException {
        TooManyLabels() {
            super("too many", java.util.List.of());
        }
    }

    static class Unlisted extends ProblemException {
        Unlisted() {
            super("?");
        }
    }

    @Test
    void everyProblemTypeHasItsStatusAndSubclassesInheritIt() {
        Map<Class<?>, Integer> expected = Map.of(ValidationException.class, 400, UnauthorizedException.class, 401,
                ForbiddenException.class, 403, NotFoundException.class, 404, ConflictException.class, 409,
                PreconditionFailedException.class, 412, PayloadTooLargeException.class, 413,
                PreconditionRequiredException.class, 428, ServiceUnavailableException.class, 503);
        expected.forEach((type, status) -> assertEquals(status, ProblemMapper.kindOf(type).status(), type.getSimpleName()));
        assertEquals(400, ProblemMapper.kindOf(TooManyLabels.class).status());
        assertEquals(500, ProblemMapper.kindOf(Unlisted.class).status());
    }

    @Test
    void parserMessagesLoseClassNamesAndSettings() {
        String yaml = JsonPaths.clean("Expected a field name (Scalar value in YAML), got this instead: "
                + "<org.yaml.snakeyaml.events.MappingStartEvent(anchor=null, tag=null, implicit=true)>");
        assertFalse(yaml.contains("org.") || yaml.contains("Event"), yaml);
        assertTrue(yaml.contains("a mapping"), yaml);
        String depth = JsonPaths.limitMessage("Document nesting depth (1001) exceeds the maximum allowed (1000, from "
                + "`StreamReadConstraints.getMaxNestingDepth()`)");
        assertEquals("the document is nested too deeply (at most 1000 levels)", depth);
        String type = JsonPaths.clean("Cannot deserialize value of type `java.lang.String` from Object value");
        assertEquals("Cannot deserialize value of type a string from Object value", type);
        String tab = JsonPaths.clean("while scanning for the next token\nfound character '\\t(TAB)' that cannot start any "
                + "token. (Do not use \\t(TAB) for indentation)\n in 'reader', line 1, column 1:\n    \t- a\n    ^\n");
        assertFalse(tab.contains("reader") || tab.contains("\n"), tab);
    }

    @Test
    void bearerFailuresSayWhyWithoutInternals() {
        assertTrue(BearerFailures.of(null, null).detail().contains("no bearer token"));
        assertTrue(BearerFailures.of("Basic x", null).detail().contains("Bearer"));
        assertTrue(BearerFailures.of("Bearer a.b.c", new io.quarkus.security.AuthenticationFailedException(
                new RuntimeException("The JWT is no longer valid - the evaluation time is on or after the expiration time")))
                .detail().contains("expired"));
        assertEquals("Bearer error=\"invalid_token\", error_description=\"the bearer token is malformed\"",
                BearerFailures.challenge(new BearerFailures.Reason("invalid_token", "the bearer token is malformed")));
    }
}
