package jp.rinjo.archive.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * The evidence store as the recorder sees it on a node that has the database: every object put
 * under {@code contracts/{no}/} is locked (on a store with object lock) for its contract's retention
 * — the years set on the contract in the archive, else {@code archive.retention-years} — counted
 * like the archive counts them, in JST calendar years. So the store refuses a deletion exactly as
 * long as the archive does, and one setting decides both. Objects without a contract, and puts that
 * already name their retention, keep the store's own default ({@code recording.retention}).
 *
 * <p>Policies are read once per contract per {@link #CACHE} (the uploader puts a segment every two
 * seconds per track). When the database cannot be read the object is still uploaded, with the
 * store's default, and that is logged: evidence is never held back for a retention lookup.
 * A retention lengthened later applies to objects put afterwards; the ones already locked keep theirs.
 */
public final class ContractRetentionStore extends ForwardingEvidenceStore {
    private static final Logger log = LoggerFactory.getLogger(ContractRetentionStore.class);
    static final Duration CACHE = Duration.ofMinutes(5);
    private static final String PREFIX = "contracts/";

    private record Cached(int years, Instant readAt) {
    }

    private final PolicyRepository policies;
    private final int defaultYears;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> years = new ConcurrentHashMap<>();

    public ContractRetentionStore(EvidenceStore store, PolicyRepository policies, int defaultYears, Clock clock) {
        super(store);
        this.policies = policies;
        this.defaultYears = defaultYears;
        this.clock = clock;
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        PutOptions effective = options;
        if (options.retainUntil().isEmpty()) {
            Optional<Integer> y = contractOf(key).flatMap(this::yearsFor);
            if (y.isPresent()) {
                Instant now = clock.instant();
                effective = options.retainedUntil(now.atZone(Jst.ZONE).plusYears(y.get()).toInstant());
            }
        }
        return super.put(key, file, sha256, effective);
    }

    static Optional<String> contractOf(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = key.indexOf('/', PREFIX.length());
        return end > PREFIX.length() ? Optional.of(key.substring(PREFIX.length(), end)) : Optional.empty();
    }

    private Optional<Integer> yearsFor(String contract) {
        Instant now = clock.instant();
        Cached c = years.get(contract);
        if (c != null && c.readAt().plus(CACHE).isAfter(now)) {
            return Optional.of(c.years());
        }
        try {
            // a policy without years (only a legal hold) maps to empty: the default
            int y = policies.find(ContractNo.of(contract)).map(ContractPolicy::retentionYears).orElse(defaultYears);
            years.put(contract, new Cached(y, now));
            return Optional.of(y);
        } catch (RuntimeException e) {
            log.warn("retention of contract {} could not be read ({}); this object gets the store's default retention", contract,
                    e.toString());
            return c == null ? Optional.empty() : Optional.of(c.years());
        }
    }
}
