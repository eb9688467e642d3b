package jp.rinjo.standalone.browser;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import jp.rinjo.common.config.Settings;

/** A separate media node's configuration for tests of the cluster shape: its own spool, key and store under {@code dir}. */
public final class RemoteNodeSettings {
    /** The control API secret shared by signaling and the node in these tests. */
    public static final String SECRET = "cluster-control-secret";

    private RemoteNodeSettings() {
    }

    public static Settings of(Path dir, String redisUrl, int controlPort) {
        return Settings.load(null, Map.of(), new Properties(), "media-defaults.properties")
                .with("media.udp-port", "0").with("media.advertised-addresses", "127.0.0.1")
                .with("media.control.host", "127.0.0.1").with("media.control.port", Integer.toString(controlPort))
                .with("media.control.public-url", "http://127.0.0.1:" + controlPort)
                .with("media.control.secret", SECRET).with("media.registry.redis-url", redisUrl)
                .with("recording.spool-dir", dir.resolve("node/spool").toString())
                .with("recording.signing-key-file", dir.resolve("node/key.pem").toString())
                .with("recording.store.filesystem.root", dir.resolve("node/evidence").toString());
    }
}
