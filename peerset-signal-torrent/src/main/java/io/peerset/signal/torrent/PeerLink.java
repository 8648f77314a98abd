package io.peerset.signal.torrent;

import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;

/**
 * A link made from a pooled offer, which was created before the remote peer was known:
 * reports the peer id learnt from the tracker's answer.
 */
final class PeerLink implements Link {
    private final Link delegate;
    private final String remotePeerId;

    PeerLink(Link delegate, String remotePeerId) {
        this.delegate = delegate;
        this.remotePeerId = remotePeerId;
    }

    @Override
    public void send(byte[] message) throws LinkClosedException {
        delegate.send(message);
    }

    @Override
    public long bufferedAmount() {
        return delegate.bufferedAmount();
    }

    @Override
    public void setListener(Listener listener) {
        delegate.setListener(listener);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public String remotePeerId() {
        return remotePeerId;
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "PeerLink[" + remotePeerId + "]";
    }
}
