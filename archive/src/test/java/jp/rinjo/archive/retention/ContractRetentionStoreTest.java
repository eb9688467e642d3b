package jp.rinjo.archive.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.archive.jdbc.JdbcPolicyRepository;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.JdbcContractRepository;
import jp.rinjo.scheduling.testing.TestDatabases;

/**
 * What retention each uploaded object asks the store for, read from real contract policies in the
 * embedded database. The filesystem store underneath has no object lock, so a spy between the two
 * notes the options each put carried and stores through the real store.
 */
class ContractRetentionStoreTest {
    static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z"); // 14:00 JST
    @TempDir
    Path dir;
    Database db;
    JdbcPolicyRepository policies;
    final List<PutOptions> puts = new ArrayList<>();
    ContractRetentionStore store;
    Path file;
    Sha256 sha;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabases.h2(dir.resolve("db"));
        policies = new JdbcPolicyRepository(db);
        JdbcContractRepository contracts = new JdbcContractRepository(db);
        for (String no : List.of("R8-001", "R8-002", "R8-003")) {
            contracts.insert(new Contract(ContractNo.of(no), "市道舗装工事", "株式会社 臨場建設", "道路課", LocalDate.parse("2026-04-01"),
                    LocalDate.parse("2027-03-31"), "臨場市", NOW, NOW));
        }
        store = new ContractRetentionStore(new PutSpy(new FilesystemEvidenceStore(dir.resolve("store")), puts), policies, 10,
                Clock.fixed(NOW, ZoneOffset.UTC));
        file = Files.writeString(dir.resolve("segment"), "segment bytes");
        sha = Sha256.digest(Files.readAllBytes(file));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void anObjectOfAContractIsLockedForItsYearsOrTheDefaultInJstCalendarYears() throws IOException {
        policies.save(new ContractPolicy(ContractNo.of("R8-001"), 30, false, null, "admin", NOW));
        policies.save(new ContractPolicy(ContractNo.of("R8-003"), null, true, "訴訟のため", "admin", NOW)); // a hold, no years of its own
        store.put("contracts/R8-001/sessions/ses_1/tracks/t/000001.seg", file, sha, PutOptions.of(PutOptions.SEGMENT_TYPE));
        store.put("contracts/R8-002/sessions/ses_2/tracks/t/000001.seg", file, sha, PutOptions.of(PutOptions.SEGMENT_TYPE));
        store.put("contracts/R8-003/sessions/ses_3/tracks/t/000001.seg", file, sha, PutOptions.of(PutOptions.SEGMENT_TYPE));
        assertThat(puts).extracting(PutOptions::retainUntil).containsExactly(
                Optional.of(Instant.parse("2056-11-26T05:00:00Z")),
                Optional.of(Instant.parse("2036-11-26T05:00:00Z")),
                Optional.of(Instant.parse("2036-11-26T05:00:00Z")));
        assertThat(store.stat("contracts/R8-001/sessions/ses_1/tracks/t/000001.seg")).isPresent(); // and it is stored
    }

    @Test
    void anObjectWithoutAContractOrWithItsOwnRetentionIsLeftToTheStore() throws IOException {
        store.put("sessions/ses_9/manifest.json", file, sha, PutOptions.of("application/json"));
        Instant own = Instant.parse("2030-01-01T00:00:00Z");
        store.put("contracts/R8-001/sessions/ses_1/x", file, sha, PutOptions.of("application/json").retainedUntil(own));
        assertThat(puts).extracting(PutOptions::retainUntil).containsExactly(Optional.empty(), Optional.of(own));
    }

    @Test
    void aPolicyReadFailureStillStoresTheObjectWithTheStoresDefault() throws IOException {
        db.close(); // the database goes away
        store.put("contracts/R8-002/sessions/ses_2/tracks/t/000002.seg", file, sha, PutOptions.of(PutOptions.SEGMENT_TYPE));
        assertThat(puts).extracting(PutOptions::retainUntil).containsExactly(Optional.empty());
        assertThat(store.stat("contracts/R8-002/sessions/ses_2/tracks/t/000002.seg")).isPresent();
    }

    @Test
    void theContractIsReadFromTheKey() {
        assertThat(ContractRetentionStore.contractOf("contracts/R8-道路-12/sessions/ses_1/a")).contains("R8-道路-12");
        assertThat(ContractRetentionStore.contractOf("contracts//sessions/a")).isEmpty();
        assertThat(ContractRetentionStore.contractOf("sessions/ses_1/a")).isEmpty();
    }
}
