package io.hoptrace.ui.model;

/** The packet list's columns, in their default order. */
public enum Column {
    MARK("!"),
    NUMBER("No."),
    TIME("Time"),
    NODE("Node"),
    INTERFACE("Interface"),
    SOURCE("Source"),
    DESTINATION("Destination"),
    ENCAPSULATION("Encapsulation"),
    PROTOCOL("Protocol"),
    LENGTH("Length"),
    STACK("Stack"),
    INFO("Info");

    private final String title;

    Column(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
