package dev.gatehouse.provider.matrix;

/**
 * What every provider adapter is tried on. Each dialect's fixtures answer with the same canonical
 * content (the constants below), so one set of assertions checks every adapter.
 */
public enum Scenario {
    SIMPLE_CHAT,
    STREAMING,
    TOOLS,
    STREAMED_TOOLS,
    IMAGE_INPUT,
    MAX_TOKENS_STOP,
    ERROR_RATE_LIMITED,
    ERROR_CONTEXT_LENGTH,
    ERROR_AUTH,
    ERROR_INVALID_REQUEST,
    ERROR_CONTENT_FILTER,
    ERROR_SERVER,
    ERROR_OVERLOADED,
    ERROR_IN_STREAM,
    BAD_RESPONSE_NOT_JSON,
    BAD_RESPONSE_WRONG_FORMAT;

    /** The answer text of SIMPLE_CHAT and STREAMING (streamed in at least three pieces). */
    public static final String TEXT = "Hello! How can I help you today?";
    /** Token counts every dialect's SIMPLE_CHAT and STREAMING fixtures report. */
    public static final int PROMPT_TOKENS = 12;

    public static final int COMPLETION_TOKENS = 9;

    /** The system prompt, temperature, output limit and stop sequence of SIMPLE_CHAT and STREAMING. */
    public static final String SYSTEM = "Be brief.";

    public static final String USER = "Hello";
    public static final double TEMPERATURE = 0.5;
    public static final int MAX_TOKENS = 100;
    public static final String STOP = "END";

    /** The tool of TOOLS and STREAMED_TOOLS, and the call every fixture makes. */
    public static final String TOOL_NAME = "get_weather";

    public static final String TOOL_DESCRIPTION = "Get the current weather in a city";
    public static final String TOOL_USER = "What's the weather in Boston?";
    public static final String TOOL_ARGUMENTS = "{\"location\":\"Boston, MA\"}";

    /** IMAGE_INPUT: a 1x1 red PNG sent as a data URL, and the answer. */
    public static final String IMAGE_PROMPT = "What is in this image?";

    public static final String IMAGE_MEDIA_TYPE = "image/png";
    public static final String IMAGE_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    public static final String IMAGE_ANSWER = "A red square.";

    /** MAX_TOKENS_STOP's output limit. */
    public static final int SMALL_MAX_TOKENS = 5;

    public boolean streams() {
        return this == STREAMING || this == STREAMED_TOOLS || this == ERROR_IN_STREAM;
    }
}
