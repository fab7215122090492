package dev.meshfleet.protocol;

/** The agent protocol's version and the names both sides of it agree on. */
public final class AgentProtocol {
    /** Path prefix of the agent protocol; the version is part of it. */
    public static final String BASE_PATH = "/agent/v1";
    /**
     * Stands in for the bootstrap token in an install manifest fetched without issuing one; an agent that finds it
     * refuses to start with a message saying so, rather than presenting it to the server.
     */
    public static final String TOKEN_PLACEHOLDER = "REPLACE-WITH-A-BOOTSTRAP-TOKEN";
    /**
     * Where an agent with an open stream says it is alive (POST, no body): a stream only carries the server's words, so
     * without this a cluster whose network went dark would look connected until TCP gave up, many minutes later.
     */
    public static final String ALIVE_PATH = "/alive";

    private AgentProtocol() {
    }
}
