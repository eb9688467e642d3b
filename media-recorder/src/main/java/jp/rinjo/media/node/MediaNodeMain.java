package jp.rinjo.media.node;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.media.control.http.MediaControlHttpServer;
import jp.rinjo.media.control.registry.RedisMediaRegistry;
import jp.rinjo.media.recording.NodeRecording;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.media.recording.spool.SpoolLayout;

/**
 * A media node as its own process, for clusters: the UDP media port, the control API for signaling
 * nodes and registration in Redis. Usage: {@code MediaNodeMain [--config media.properties]}.
 */
public final class MediaNodeMain {
    private static final Logger log = LoggerFactory.getLogger(MediaNodeMain.class);

    private MediaNodeMain() {
    }

    /** A running media node process; close it to stop. */
    public record Running(MediaNode node, NodeRecording recording, MediaControlHttpServer control, RedisMediaRegistry registry)
            implements AutoCloseable {
        @Override
        public void close() {
            registry.close();
            control.close();
            node.close();
            try {
                recording.close();
            } catch (Exception e) {
                log.warn("the recorder did not close cleanly: {}", e.toString());
            }
        }
    }

    public static Running start(Settings s) throws Exception {
        MediaNode node = MediaNode.start(MediaNodeConfig.from(s));
        try {
            // a separate node does not know contracts: its recordings are filed under sessions/{id}/
            RecordingConfig recordingConfig = RecordingConfig.from(s);
            NodeRecording recording = NodeRecording.attach(recordingConfig, node, session -> java.util.Optional.empty());
            MediaControlHttpServer control = MediaControlHttpServer.start(node, s.string("media.control.host"),
                    s.integer("media.control.port"), s.optional("media.control.secret").orElse(""));
            control.serveStatus(() -> NodeMetrics.prometheusText(metrics(node, recording)),
                    () -> NodeHealth.json(recording.spool()));
            control.serveStills(recording.stills());
            String url = s.optional("media.control.public-url").orElseGet(() -> "http://"
                    + MediaNode.defaultAddresses().get(0).getHostAddress() + ":" + control.port());
            NodeId id = s.optional("media.node-id").map(NodeId::of).orElse(recorderNodeId(recordingConfig));
            RedisMediaRegistry registry = new RedisMediaRegistry(s.string("media.registry.redis-url"), id, url,
                    s.duration("media.registry.heartbeat-ttl"), node::load);
            node.setListener(registry);
            log.info("media node {} registered, control API at {}", id, url);
            return new Running(node, recording, control, registry);
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    private static java.util.List<NodeMetrics.Metric> metrics(MediaNode node, NodeRecording recording) {
        java.util.List<NodeMetrics.Metric> all = new java.util.ArrayList<>(NodeMetrics.forwarding(node.stats()));
        all.addAll(NodeMetrics.recording(recording.spool()));
        return all;
    }

    /**
     * The recorder's id, kept in the spool (attach made it on first start). Registering under it means a
     * node that restarts is the same node to signaling, which waits for it to seal the sessions it holds.
     */
    private static NodeId recorderNodeId(RecordingConfig config) throws java.io.IOException {
        if (config.nodeId().isPresent()) {
            try {
                return NodeId.of(config.nodeId().get());
            } catch (RuntimeException e) {
                log.warn("recording.node-id is not a node id (node_…): registered under a new id each start; set media.node-id to keep one");
                return NodeId.random();
            }
        }
        Path file = new SpoolLayout(config.spool().dir()).nodeIdFile();
        return NodeId.of(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip());
    }

    public static void main(String[] args) {
        LeakSampling.offUnlessConfigured();
        Path config = null;
        if (args.length == 2 && args[0].equals("--config")) {
            config = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("rinjo media-node: unexpected " + String.join(" ", args));
            System.err.println("usage: rinjo media-node [--config media.properties]");
            System.exit(2);
            return;
        }
        Running running;
        try {
            running = start(Settings.load(config, System.getenv(), System.getProperties(), "media-defaults.properties"));
        } catch (Exception e) {
            // the process must end: the media node's threads would otherwise keep a node that never registered running
            System.exit(explainStartFailure(e));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "rinjo-media-shutdown"));
    }

    /** Says why the start failed, in one line where the operator can act on it; @return the exit status. */
    private static int explainStartFailure(Exception e) {
        if (e instanceof jp.rinjo.media.recording.evidence.DeploymentKey.KeyMissing
                || e instanceof jp.rinjo.common.error.RinjoException r && r.code() == jp.rinjo.common.error.ErrorCode.VALIDATION_FAILED) {
            System.err.println("rinjo: " + e.getMessage()); // what to do, without a stack trace around it
            return 2;
        }
        if (jp.rinjo.common.net.PortTaken.in(e)) {
            System.err.println("rinjo: a port this media node needs is already in use: media.udp-port (RINJO_MEDIA_UDP_PORT) or "
                    + "media.control.port (RINJO_MEDIA_CONTROL_PORT); stop what holds it, or choose another");
            return 1;
        }
        e.printStackTrace();
        return 1;
    }
}
