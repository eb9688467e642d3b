package jp.rinjo.signaling.ws;

import java.time.Clock;

import io.vertx.core.WorkerExecutor;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.still.StillQuota;
import jp.rinjo.signaling.config.SignalingConfig;
import jp.rinjo.signaling.ice.IceServers;
import jp.rinjo.signaling.media.MediaGateway;
import jp.rinjo.signaling.metrics.SignalingMetrics;
import jp.rinjo.signaling.protocol.ProtocolCodec;
import jp.rinjo.signaling.room.RoomHub;

/** What every signaling connection needs, built once per node. */
public record SocketServices(SignalingConfig config, Scheduling scheduling, RoomHub hub, MediaGateway media,
                             IceServers iceServers, ProtocolCodec codec, SignalingMetrics metrics, WorkerExecutor blocking,
                             Clock clock, StillQuota stillQuota) {
}
