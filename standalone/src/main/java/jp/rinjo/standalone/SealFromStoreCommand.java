package jp.rinjo.standalone;

import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jp.rinjo.archive.Archive;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.jdbc.JdbcPolicyRepository;
import jp.rinjo.archive.retention.ContractRetentionStore;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.StoreSealer;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.scheduling.jdbc.Database;

/**
 * {@code ./rinjo seal-lost SESSION_ID --why "what happened" [--min-idle 10m] [--config file] [--data dir]}:
 * seals, from what reached the evidence store, the recording of a session whose media node is gone
 * for good, and indexes it in the archive. What the lost node would have signed from signaling and its
 * spool (participants, inspection, annotations, the remote stills' descriptions) comes from the
 * database ({@link LostSessionRecord}). Exit status 0 when sealed, 1 when refused (the reason is printed), 2 on bad usage.
 */
public final class SealFromStoreCommand {
    private static final String USAGE = "usage: rinjo seal-lost SESSION_ID --why \"what happened to the node\" [--min-idle 10m]"
            + " [--config rinjo.properties] [--data DIR]";

    private SealFromStoreCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** @return the exit status */
    static int run(String[] args) throws Exception {
        SessionId session = null;
        String why = null;
        Duration minIdle = Duration.ofMinutes(10);
        List<String> rest = new ArrayList<>();
        StandaloneOptions options;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    case "--why" -> why = value(args, ++i, "--why");
                    case "--min-idle" -> minIdle = Settings.parseDuration(value(args, ++i, "--min-idle"));
                    case "--config", "--data" -> {
                        rest.add(args[i]);
                        rest.add(value(args, ++i, args[i - 1]));
                    }
                    default -> {
                        if (session != null || args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unexpected " + args[i]);
                        }
                        session = SessionId.of(args[i]);
                    }
                }
            }
            if (session == null || why == null || why.isBlank()) {
                throw new IllegalArgumentException("a session id and --why are required");
            }
            options = StandaloneOptions.parse(rest.toArray(String[]::new), System.getenv(), System.getProperties());
        } catch (RuntimeException e) {
            System.err.println("seal-lost: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        MaintenanceSetup setup = MaintenanceSetup.from(options);
        RecordingConfig recording = setup.recording();
        if (!Files.exists(recording.signingKeyFile())) {
            // a new key would sign evidence nobody has been told to trust
            System.err.println("seal-lost: no deployment signing key at " + recording.signingKeyFile());
            return 1;
        }
        Clock clock = Clock.systemUTC();
        int status;
        try (Database db = setup.openDatabase(null);
             EvidenceStore store = new ContractRetentionStore(recording.openStore(), new JdbcPolicyRepository(db),
                     setup.settings().integer("archive.retention-years"), clock)) {
            Optional<TimestampClient> tsa = recording.tsaUrl().map(u -> new TimestampClient(u, recording.tsaTimeout()));
            StoreSealer sealer = new StoreSealer(store, DeploymentKey.loadOrCreate(recording.signingKeyFile()), tsa, clock,
                    "seal-from-store@" + InetAddress.getLocalHost().getHostName());
            SessionId id = session;
            LostSessionRecord known = LostSessionRecord.read(db, id, clock);
            Optional<ContractNo> contract = known.contract();
            Optional<String> prefix = sealer.findPrefix(id, contract);
            if (prefix.isEmpty()) {
                System.out.println("seal-lost: session " + id + " has no objects in " + store.capabilities().description());
                return 1;
            }
            try {
                SealResult r = sealer.seal(id, prefix.get(), known.request(), known.stills(), minIdle, why);
                System.out.printf("sealed %s from the store: %d tracks, %d segments, %d gaps and interruptions, manifest %s%s%n",
                        r.objectPrefix(), r.tracks(), r.segments(), r.gaps(), r.manifestSha256().hex(),
                        r.timestampTime().map(t -> ", time-stamped " + t).orElse(", not time-stamped"));
                r.problems().forEach(p -> System.out.println("  " + p));
                Archive.create(db, store, ArchiveConfig.from(setup.paths(), recording.signingKeyFile()), clock).sealed(r);
                status = 0;
            } catch (StoreSealer.Refused e) {
                System.out.println("seal-lost: refused: " + e.getMessage());
                status = 1;
            }
        } catch (MaintenanceSetup.DatabaseUnavailable e) {
            System.err.println("seal-lost: " + e.getMessage());
            return 1;
        }
        return status;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
