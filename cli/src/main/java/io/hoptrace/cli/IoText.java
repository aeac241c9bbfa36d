package io.hoptrace.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The strerror-style reasons people know from cat and tcpdump, not Java's exception text: Java's
 * NoSuchFileException and its siblings carry only the path as their message, which reads as no reason at all.
 */
public final class IoText {
    private IoText() {
    }

    /** Why {@code e} happened, without the file name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Why {@code e} happened, with the file it names when that is not {@code given} (an error on a file inside a
     * folder the user named): {@code nodes/a/x.txt: Permission denied}.
     */
    public static String reason(Path given, IOException e) {
        if (e instanceof FileSystemException fse && fse.getFile() != null
                && (given == null || !Path.of(fse.getFile()).equals(given))) {
            return fse.getFile() + ": " + reason(e);
        }
        return reason(e);
    }

    /** {@code file: reason}, as GNU tools write it. */
    public static String of(Path file, IOException e) {
        return file + ": " + reason(e);
    }
}
