package jp.rinjo.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import jp.rinjo.common.error.RinjoException;

/**
 * Layered key/value configuration. Each service ships one commented defaults file on its classpath;
 * an operator's file overrides it, then environment variables, then system properties. Every key
 * {@code a.b-c} can be set from the environment as {@code RINJO_A_B_C}, so containers need no file.
 *
 * <p>Typed records are built from this at start-up; nothing reads Settings after that.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(new TreeMap<>(values));
    }

    /**
     * Loads the given classpath defaults (in order, later ones win), then {@code file} if non-null,
     * then the environment and system properties for every known key.
     *
     * @throws RinjoException when {@code file} has a key that none of the defaults has
     */
    public static Settings load(Path file, Map<String, String> env, Properties system, String... defaultResources) {
        Map<String, String> merged = new TreeMap<>();
        for (String resource : defaultResources) {
            merged.putAll(readResource(resource));
        }
        if (file != null) {
            Map<String, String> fromFile = readFile(file);
            refuseUnknown(fromFile.keySet(), merged.keySet(), file, defaultResources);
            merged.putAll(fromFile);
        }
        Map<String, String> overrides = new HashMap<>();
        for (String key : merged.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                overrides.put(key, fromEnv);
            }
            String fromSystem = system.getProperty("rinjo." + key);
            if (fromSystem != null) {
                overrides.put(key, fromSystem);
            }
        }
        merged.putAll(overrides);
        return new Settings(merged);
    }

    /**
     * A key the defaults do not have is read by nothing: a typo ({@code http.prot}) would otherwise
     * leave the setting at its default with no word said.
     */
    private static void refuseUnknown(java.util.Set<String> keys, java.util.Set<String> known, Path file, String[] defaults) {
        for (String key : keys) {
            if (!known.contains(key)) {
                String hint = nearest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw RinjoException.invalid("unknown configuration key '" + key + "' in " + file + hint
                        + "; the keys, with their defaults and what they do, are in " + String.join(", ", defaults));
            }
        }
    }

    /** The known key a few typed characters away, if exactly one is nearest. */
    private static Optional<String> nearest(String key, java.util.Set<String> known) {
        String best = null;
        int bestDistance = 3; // more than two edits away is another key, not a typo
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** {@code media.udp-port} → {@code RINJO_MEDIA_UDP_PORT}. */
    public static String envName(String key) {
        return "RINJO_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new RinjoException(jp.rinjo.common.error.ErrorCode.VALIDATION_FAILED,
                    "configuration key '" + key + "' (" + envName(key) + ") is not set");
        }
        return v.strip();
    }

    public Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw RinjoException.invalid("configuration key '" + key + "' must be an integer, was '" + values.get(key) + "'");
        }
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw RinjoException.invalid("configuration key '" + key + "' must be an integer, was '" + values.get(key) + "'");
        }
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw RinjoException.invalid("configuration key '" + key + "' must be true or false, was '" + v + "'");
        };
    }

    /** Durations as {@code 300us}, {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}. */
    public Duration duration(String key) {
        try {
            return parseDuration(string(key));
        } catch (IllegalArgumentException e) {
            throw RinjoException.invalid("configuration key '" + key + "' " + e.getMessage());
        }
    }

    /**
     * {@code 300us} (or {@code µs}), {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}; anything else
     * is an IllegalArgumentException saying so.
     */
    public static Duration parseDuration(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("us") || v.endsWith("µs")) {
                return Duration.ofNanos(Math.multiplyExact(Long.parseLong(v.substring(0, v.length() - 2)), 1000L));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("must be a duration like 30s, 15m, 2h, was '" + text + "'");
        }
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    public Map<String, String> asMap() {
        return values;
    }

    private static Map<String, String> readResource(String resource) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("defaults resource missing from classpath: " + resource);
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return toMap(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return toMap(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw RinjoException.invalid("configuration file " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            // the exception's message alone is often just the path (AccessDeniedException): say what it is
            throw RinjoException.invalid("cannot read configuration file " + file + ": " + e);
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
