package io.hoptrace.cli;

import io.hoptrace.capture.snapshot.BundleArchive;
import io.hoptrace.ui.model.port.BundleUnpacker;
import java.io.IOException;
import java.nio.file.Path;

/** The GUI's archive port over the capture module's {@link BundleArchive}, which {@code hoptrace analyze} uses too. */
final class BundleArchiveUnpacker implements BundleUnpacker {
    @Override
    public boolean isArchive(Path file) {
        return BundleArchive.isArchive(file);
    }

    @Override
    public Unpacked unpack(Path archive) throws IOException {
        BundleArchive.Unpacked unpacked = BundleArchive.unpack(archive);
        return new Unpacked() {
            @Override
            public Path root() {
                return unpacked.root();
            }

            @Override
            public void close() {
                unpacked.close();
            }
        };
    }
}
