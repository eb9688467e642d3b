package jp.rinjo.archive.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.StoredObject;

/** A spy in front of a real store: notes what each listing was asked for and handed out, then lists through it. */
public final class ListingSpy extends ForwardingEvidenceStore {
    /** The prefixes whole listings ({@link #list}) were asked for. */
    public final List<String> listed = new CopyOnWriteArrayList<>();
    /** Every name a one-level listing ({@link #forEachChild}) handed out. */
    public final List<String> children = new CopyOnWriteArrayList<>();

    public ListingSpy(EvidenceStore real) {
        super(real);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        listed.add(prefix);
        return super.list(prefix);
    }

    @Override
    public void forEachChild(String prefix, KeyVisitor visitor) throws IOException {
        super.forEachChild(prefix, name -> {
            children.add(name);
            visitor.visit(name);
        });
    }

    public void clear() {
        listed.clear();
        children.clear();
    }
}
