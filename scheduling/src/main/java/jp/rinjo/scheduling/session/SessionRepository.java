package jp.rinjo.scheduling.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;

public interface SessionRepository {
    void insert(InspectionSession session);

    /**
     * Writes the new state if nobody changed the row since {@code session.version()} was read.
     *
     * @return the stored value with its version incremented
     * @throws jp.rinjo.common.error.RinjoException CONFLICT when the row changed meanwhile
     */
    InspectionSession update(InspectionSession session);

    Optional<InspectionSession> find(SessionId id);

    /** Sessions whose window overlaps [from, to), earliest first; department null means all. */
    List<InspectionSession> inWindow(Instant from, Instant to, String department, int limit);

    List<InspectionSession> forContract(ContractNo contractNo);

    /**
     * Sessions nobody closed whose window ended before {@code windowEndBefore}, earliest end first: live
     * ones, and scheduled ones someone joined (a contractor who waited and streamed while nobody who leads
     * the session came), whose media node may hold a recording.
     */
    List<InspectionSession> abandonedWithWindowEndedBefore(Instant windowEndBefore, int limit);

    /**
     * Sessions ended or cancelled in [{@code from}, {@code to}) that may hold a recording (they went live,
     * or someone joined their call) and for which no seal was ever asked: the ask failed between the
     * session's change and its request being written down. Earliest first.
     */
    List<InspectionSession> closedWithoutSealRequest(Instant from, Instant to, int limit);
}
