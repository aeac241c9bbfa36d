package io.hoptrace.ui.model.port;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Unpacks a bundle shipped as one archive (.tar.gz, .tgz, .tar, .zip) so the window can open it as the directory
 * it holds. The composition root implements it with the same unpacking {@code hoptrace analyze} uses.
 */
public interface BundleUnpacker {
    /** For applications without one: nothing is taken for an archive (such files are opened as captures). */
    BundleUnpacker NONE = new BundleUnpacker() {
        @Override
        public boolean isArchive(Path file) {
            return false;
        }

        @Override
        public Unpacked unpack(Path archive) throws IOException {
            throw new IOException(archive + ": bundle archives cannot be opened here; extract it and open the"
                    + " directory");
        }
    };

    /** True when {@code file}'s name says it is a bundle archive. */
    boolean isArchive(Path file);

    /**
     * Unpacks {@code archive} into a temporary directory. Throws an IOException whose message names the archive and,
     * when one is to blame, the entry (one that would land outside the directory is refused); nothing stays on disk
     * then. Slow for big archives: call it off the FX thread.
     */
    Unpacked unpack(Path archive) throws IOException;

    /** An unpacked bundle; closing deletes its files. */
    interface Unpacked extends Closeable {
        /** The bundle directory (its k8s.json and nodes/). */
        Path root();

        @Override
        void close();
    }
}
