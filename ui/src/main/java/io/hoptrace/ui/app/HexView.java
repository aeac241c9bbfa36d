package io.hoptrace.ui.app;

import io.hoptrace.ui.model.HexDump;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.Point2D;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.text.HitInfo;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The bytes pane: offset, hex and ascii columns ({@link HexDump}) as one monospaced text, with the selected field's
 * bytes highlighted in both columns by a shape drawn behind the text ({@link TextFlow#rangeShape}): one text node
 * however long the frame, and the highlight follows the font. Clicking a byte reports its offset (the details tree
 * then selects the field that covers it).
 */
public final class HexView extends ScrollPane {
    private final Text text = new Text();
    private final TextFlow flow = new TextFlow(text);
    private final Path highlight = new Path();
    private final Pane content = new Pane(highlight, flow) {
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            updateHighlight();
        }
    };
    private HexDump dump = HexDump.of(new byte[0], 0, 0);
    private int[] spans = new int[0];
    private IntConsumer onByteClicked = b -> { };

    public HexView() {
        getStyleClass().add("hex-view");
        text.getStyleClass().add("hex-text");
        flow.getStyleClass().add("hex-flow");
        highlight.getStyleClass().add("hex-highlight");
        highlight.setManaged(false);
        content.getStyleClass().add("hex-content");
        setContent(content);
        flow.setOnMouseClicked(e -> {
            HitInfo hit = flow.hitTest(new Point2D(e.getX(), e.getY()));
            int b = dump.byteAt(hit.getCharIndex());
            if (b >= 0) {
                onByteClicked.accept(b);
            }
        });
    }

    public void setBytes(byte[] b, int off, int len) {
        dump = HexDump.of(b, off, len);
        text.setText(dump.text());
        spans = new int[0];
        content.requestLayout();
        setVvalue(0);
    }

    public void clear() {
        setBytes(new byte[0], 0, 0);
    }

    /** Highlights bytes {@code [offset, offset+length)} of the frame; length 0 clears the highlight. */
    public void highlight(int offset, int length) {
        spans = dump.spans(offset, length);
        content.requestLayout();
        updateHighlight();
        scrollToHighlight();
    }

    private void updateHighlight() {
        List<PathElement> elements = new ArrayList<>();
        for (int i = 0; i < spans.length; i += 2) {
            for (PathElement e : flow.rangeShape(spans[i], spans[i + 1])) {
                elements.add(e);
            }
        }
        highlight.getElements().setAll(elements);
        highlight.setLayoutX(flow.getLayoutX());
        highlight.setLayoutY(flow.getLayoutY());
    }

    private void scrollToHighlight() {
        if (spans.length == 0 || dump.text().isEmpty()) {
            return;
        }
        double contentHeight = content.getHeight();
        double viewport = getViewportBounds().getHeight();
        if (contentHeight <= viewport || contentHeight <= 0) {
            return;
        }
        double fraction = (double) spans[0] / dump.text().length();
        double y = fraction * contentHeight;
        double top = getVvalue() * (contentHeight - viewport);
        if (y < top || y > top + viewport - 20) {
            setVvalue(Math.max(0, Math.min(1, (y - viewport / 3) / (contentHeight - viewport))));
        }
    }

    public void setOnByteClicked(IntConsumer listener) {
        this.onByteClicked = listener;
    }

    /** The highlighted text, hex and ascii parts of each line as shown (for tests and accessibility). */
    public List<String> highlightedText() {
        List<String> out = new ArrayList<>();
        String t = dump.text();
        for (int i = 0; i < spans.length; i += 2) {
            out.add(t.substring(spans[i], spans[i + 1]));
        }
        return out;
    }

    /** True when the highlight shape has been drawn (it has path elements). */
    public boolean highlightDrawn() {
        return !highlight.getElements().isEmpty();
    }

    public String text() {
        return dump.text();
    }
}
