package jp.rinjo.media.node;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak sampling, which is global to the JVM and so is set by a process's entry point
 * (the standalone, a separate media node, the media benchmark), never by a library.
 *
 * <p>At its default level Netty records the stack of one buffer allocation in 128. The media node
 * allocates buffers for every datagram it reads and every packet it sends, and those stack walks
 * were about 2 % of the media thread's CPU in the forwarding benchmark (measured in place, sampling
 * on and off every 100 ms). A production process therefore turns it off unless the operator
 * chose a level ({@code -Dio.netty.leakDetection.level=...}); the tests run with it on.
 */
public final class LeakSampling {
    static final String PROPERTY = "io.netty.leakDetection.level";
    /** The older name, which Netty still reads when the current one is absent. */
    static final String LEGACY_PROPERTY = "io.netty.leakDetectionLevel";

    private LeakSampling() {
    }

    /** Turns the sampling off unless {@value #PROPERTY} (or its older name) is set. Returns the level now in force. */
    public static ResourceLeakDetector.Level offUnlessConfigured() {
        if (System.getProperty(PROPERTY) == null && System.getProperty(LEGACY_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        return ResourceLeakDetector.getLevel();
    }
}
