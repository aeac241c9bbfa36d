package io.hoptrace.ui.app;

/** A line for the window's banner: an error (the open failed) or a warning (it worked, with problems). */
public record Message(Level level, String text) {
    public enum Level { ERROR, WARNING, INFO }
}
