package jp.rinjo.standalone;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import jp.rinjo.common.config.Settings;

/** Command line: {@code [--config file] [--data dir] [--port n]}; everything else is configuration. */
record StandaloneOptions(Path configFile, Settings settings) {
    /** The defaults of every module the standalone runs, later files overriding earlier ones. */
    static final String[] DEFAULTS = {"signaling-defaults.properties", "media-defaults.properties",
        "archive-defaults.properties", "standalone-defaults.properties"};

    static StandaloneOptions parse(String[] args, Map<String, String> env, Properties system) {
        Path config = null;
        Map<String, String> overrides = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--config" -> { config = Path.of(require(a, next)); i++; }
                case "--data" -> { overrides.put("data.dir", require(a, next)); i++; }
                case "--port" -> { overrides.put("http.port", require(a, next)); i++; }
                case "-h", "--help" -> {
                    System.out.println("usage: rinjo [--config rinjo.properties] [--data DIR] [--port PORT]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown argument " + a + " (try --help)");
            }
        }
        Settings s = Settings.load(config, env, system, DEFAULTS);
        for (var e : overrides.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return new StandaloneOptions(config, s);
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
