package dev.meshfleet.common.error;

/** The service could not do the work in time (e.g. the database is overloaded); the client should retry later. */
public class ServiceUnavailableException extends ProblemException {
    public ServiceUnavailableException(String detail) {
        super(detail);
    }
}
