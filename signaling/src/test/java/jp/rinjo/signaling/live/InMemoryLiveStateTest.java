package jp.rinjo.signaling.live;

import jp.rinjo.common.id.NodeId;

class InMemoryLiveStateTest extends LiveStateContract {
    @Override
    LiveState create(NodeId node) {
        return new InMemoryLiveState(node);
    }
}
