package dev.backstop.core;

/** Thrown when usage or configuration error; the message names file, line and key. */
public class ConfigException extends BackstopException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
