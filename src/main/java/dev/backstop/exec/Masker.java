package dev.backstop.exec;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces secrets by {@code ****} in text that is about to be shown to a person. Immutable and
 * thread-safe.
 */
public final class Masker {

    /** What every secret is replaced by. */
    public static final String MASK = "****";

    private static final Masker NONE = new Masker(Set.of());

    private final List<String> secrets;

    private Masker(Set<String> secrets) {
        // Longest first, so that a secret containing another one is replaced whole.
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** A masker for these secrets; empty strings and nulls are ignored. */
    public static Masker of(Set<String> secrets) {
        return secrets.isEmpty() ? NONE : new Masker(secrets);
    }

    /** Returns {@code text} with every occurrence of every secret replaced; null stays null. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /**
     * Masks a text that was cut short: besides whole secrets, a beginning of a secret at the very
     * end of the text is masked too, since the rest of it was cut off.
     */
    public String maskCut(String text) {
        String result = mask(text);
        for (String secret : secrets) {
            for (int k = secret.length() - 1; k > 0; k--) {
                if (result.endsWith(secret.substring(0, k))) {
                    return result.substring(0, result.length() - k) + MASK;
                }
            }
        }
        return result;
    }
}
