package io.hoptrace.ui.app;

import io.hoptrace.ui.model.DetailNode;
import io.hoptrace.ui.model.filter.FilterException;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The main window: menu, display-filter bar, message banner, the panels (packet list over details and bytes on the
 * left; journey over findings and cluster on the right) and the status bar. Wires the panels to each other only
 * through the session, except for the details-to-bytes highlight, which is local to the two.
 */
public final class MainWindow extends PanelController {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass VALID = PseudoClass.getPseudoClass("valid");
    private static final KeyCombination STOP_KEY = new KeyCodeCombination(KeyCode.E, KeyCombination.CONTROL_DOWN);

    @FXML
    private BorderPane rootPane;
    @FXML
    private Menu recentMenu;
    @FXML
    private MenuItem captureStart;
    @FXML
    private MenuItem captureStop;
    @FXML
    private MenuItem disconnectItem;
    @FXML
    private MenuItem saveAsItem;
    @FXML
    private TextField filterField;
    @FXML
    private Button applyFilter;
    @FXML
    private Button clearFilter;
    @FXML
    private Label filterError;
    @FXML
    private VBox banner;
    @FXML
    private SplitPane mainSplit;
    @FXML
    private SplitPane bottomSplit;
    @FXML
    private TabPane topTabs;
    @FXML
    private Tab packetsTab;
    @FXML
    private Tab findingsTab;
    @FXML
    private Tab clusterTab;
    @FXML
    private StackPane listHost;
    @FXML
    private StackPane detailsHost;
    @FXML
    private StackPane hexHost;
    @FXML
    private StackPane hopHost;
    @FXML
    private StackPane findingsHost;
    @FXML
    private StackPane clusterHost;
    @FXML
    private StackPane statusHost;

    private final PacketListPanel packetList;
    private final DetailsPanel details;
    private final HexPanel hex;
    private final HopDiagramPanel hops;
    private final FindingsPanel findings;
    private final ClusterPanel cluster;
    private final StatusBar statusBar;
    private final LiveSession live;

    public MainWindow(Session session) {
        super(session);
        packetList = new PacketListPanel(session);
        details = new DetailsPanel(session);
        hex = new HexPanel(session);
        hops = new HopDiagramPanel(session);
        findings = new FindingsPanel(session);
        cluster = new ClusterPanel(session);
        statusBar = new StatusBar(session);
        live = new LiveSession(session);
    }

    @Override
    protected void didLoadFxml() {
        listHost.getChildren().add(packetList.root());
        detailsHost.getChildren().add(details.root());
        hexHost.getChildren().add(hex.root());
        hopHost.getChildren().add(hops.root());
        findingsHost.getChildren().add(findings.root());
        clusterHost.getChildren().add(cluster.root());
        statusHost.getChildren().add(statusBar.root());
        mainSplit.setDividerPositions(0.47);
        bottomSplit.setDividerPositions(0.245, 0.59);
        session.analysis().addListener((o, was, a) -> findingsTab.setText(a.findings().isEmpty() ? "Findings"
                : "Findings (" + a.findings().size() + ")"));
        findings.onOpen(f -> topTabs.getSelectionModel().select(packetsTab));

        details.onFieldSelected(hex::highlight);
        hex.hexView().setOnByteClicked(this::selectFieldAt);

        filterField.textProperty().addListener((o, was, text) -> validateFilter(text));
        filterField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                applyFilter();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                filterField.clear();
                applyFilter();
            }
        });
        applyFilter.setOnAction(e -> applyFilter());
        clearFilter.setOnAction(e -> {
            filterField.clear();
            applyFilter();
        });

        session.messages().addListener((ListChangeListener<Message>) c -> showMessages());
        session.recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();
        showMessages();
        disconnectItem.disableProperty().bind(session.cluster().state().isNull()
                .and(session.cluster().connecting().not()));

        saveAsItem.disableProperty().bind(Bindings.createBooleanBinding(() -> session.workspace().get()
                .singleCapture() == null || session.capturing().get() || session.loading().get(),
                session.workspace(), session.capturing(), session.loading()));
        captureStart.disableProperty().bind(live.running());
        captureStop.disableProperty().bind(live.running().not());
        // Ctrl+E starts and, while a capture runs, stops (as in Wireshark); Start's accelerator is off meanwhile
        rootPane.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (live.running().get() && STOP_KEY.match(e)) {
                e.consume();
                live.stop();
            }
        });

        rootPane.setOnDragOver(this::dragOver);
        rootPane.setOnDragDropped(this::dragDropped);
    }

    // ---- filter ------------------------------------------------------------------------------------------------

    private void validateFilter(String text) {
        FilterException e = null;
        try {
            io.hoptrace.ui.model.filter.DisplayFilter.compile(text);
        } catch (FilterException ex) {
            e = ex;
        }
        boolean blank = text == null || text.isBlank();
        filterField.pseudoClassStateChanged(INVALID, e != null);
        filterField.pseudoClassStateChanged(VALID, e == null && !blank);
        filterError.setText(e == null ? "" : e.getMessage());
        filterField.setTooltip(e == null ? null : new Tooltip(e.getMessage() + " (at character "
                + (e.position() + 1) + ")"));
    }

    /** Applies the filter field's text; a syntax error stays in the bar and the old filter keeps working. */
    public void applyFilter() {
        FilterException e = session.applyFilter(filterField.getText());
        if (e != null) {
            filterError.setText(e.getMessage());
            filterField.positionCaret(Math.min(e.position(), filterField.getLength()));
        }
    }

    public TextField filterField() {
        return filterField;
    }

    // ---- opening -----------------------------------------------------------------------------------------------

    /** File ▸ Save As: copies the open capture's file (a live capture's temporary pcapng) where the user says. */
    @FXML
    private void saveAs() {
        Path source = session.workspace().get().singleCapture();
        if (source == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the capture as");
        String name = source.getFileName().toString();
        chooser.setInitialFileName(name.startsWith("hoptrace-live-") ? "capture.pcapng" : name);
        File target = chooser.showSaveDialog(window());
        if (target != null) {
            session.saveAs(target.toPath());
        }
    }

    @FXML
    private void openFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open capture files");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Captures and bundle archives", "*.pcap", "*.pcapng", "*.cap",
                        "*.tar.gz", "*.tgz", "*.tar", "*.zip"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null && !files.isEmpty()) {
            session.open(files.stream().map(File::toPath).toList());
        }
    }

    @FXML
    private void openFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a bundle (a directory with nodes/<node>/*.pcap) or a folder of captures");
        File dir = chooser.showDialog(window());
        if (dir != null) {
            session.open(List.of(dir.toPath()));
        }
    }

    // ---- live capture ------------------------------------------------------------------------------------------

    @FXML
    private void startCapture() {
        new CaptureDialog(window(), live).show();
    }

    @FXML
    private void stopCapture() {
        live.stop();
    }

    public LiveSession live() {
        return live;
    }

    @FXML
    private void connectCluster() {
        ConnectDialog.open(window(), session.cluster());
    }

    @FXML
    private void disconnectCluster() {
        session.cluster().disconnect();
    }

    @FXML
    private void quit() {
        Window w = window();
        if (w != null) {
            w.hide();
        } else {
            Platform.exit();
        }
    }

    @FXML
    private void showFilterHelp() {
        session.messages().add(new Message(Message.Level.INFO, "Filters: icmp, tcp, vxlan \u00B7 10.244.0.11 or "
                + "10.244.0.0/16 \u00B7 ip.src == ADDR \u00B7 port 80, tcp.port == 8080 \u00B7 node == node-a, "
                + "iface == cni0 \u00B7 pod == web, svc == web \u00B7 rule == mtu, finding, severity >= warning \u00B7"
                + " vni == 1, len > 1400, frag, encap \u00B7 and, or, not, ( )"));
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : session.recentFiles()) {
            MenuItem item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> session.open(List.of(p)));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) {
            List<Path> paths = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            // open after the drop returns, so the drag source is not kept waiting
            Platform.runLater(() -> session.open(paths));
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    private Window window() {
        return rootPane.getScene() == null ? null : rootPane.getScene().getWindow();
    }

    // ---- messages ----------------------------------------------------------------------------------------------

    private static final int BANNER_LINES = 3;

    private void showMessages() {
        banner.getChildren().clear();
        List<Message> all = session.messages();
        int shown = Math.min(all.size(), BANNER_LINES);
        // newest first: the error the user just caused is the one to read
        for (int i = all.size() - 1; i >= all.size() - shown; i--) {
            Message m = all.get(i);
            Label text = new Label(m.text());
            text.setWrapText(true);
            text.getStyleClass().add("banner-text");
            text.setId(i == all.size() - 1 ? "banner-message" : null);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMaxWidth(Double.MAX_VALUE);
            Button close = new Button("\u2715");
            close.getStyleClass().add("banner-close");
            close.setOnAction(e -> session.messages().remove(m));
            HBox line = new HBox(8, text, close);
            line.getStyleClass().addAll("banner", "banner-" + m.level().name().toLowerCase(java.util.Locale.ROOT));
            banner.getChildren().add(line);
        }
        if (all.size() > shown) {
            Label more = new Label("and " + (all.size() - shown) + " more");
            more.getStyleClass().add("banner-more");
            Button dismiss = new Button("Dismiss all");
            dismiss.setOnAction(e -> session.messages().clear());
            HBox line = new HBox(8, more, dismiss);
            line.getStyleClass().addAll("banner", "banner-more-line");
            banner.getChildren().add(line);
        }
        banner.setVisible(!all.isEmpty());
        banner.setManaged(!all.isEmpty());
    }

    // ---- details and bytes -------------------------------------------------------------------------------------

    /** Selects the deepest details line that covers byte {@code b} (a click in the bytes pane). */
    private void selectFieldAt(int b) {
        TreeItem<DetailNode> root = details.tree().getRoot();
        if (root == null) {
            return;
        }
        TreeItem<DetailNode> best = deepest(root, b);
        if (best != null) {
            for (TreeItem<DetailNode> p = best.getParent(); p != null; p = p.getParent()) {
                p.setExpanded(true);
            }
            details.tree().getSelectionModel().select(best);
            int index = details.tree().getRow(best);
            details.tree().scrollTo(Math.max(0, index - 2));
        }
    }

    private static TreeItem<DetailNode> deepest(TreeItem<DetailNode> item, int b) {
        TreeItem<DetailNode> found = null;
        DetailNode n = item.getValue();
        if (n != null && n.offset() >= 0 && n.length() > 0 && b >= n.offset() && b < n.offset() + n.length()
                && n.kind() != DetailNode.Kind.FRAME) {
            found = item;
        }
        for (TreeItem<DetailNode> c : item.getChildren()) {
            TreeItem<DetailNode> d = deepest(c, b);
            if (d != null) {
                found = d;
            }
        }
        return found;
    }

    // ---- for the app and tests ---------------------------------------------------------------------------------

    public PacketListPanel packetList() {
        return packetList;
    }

    public DetailsPanel details() {
        return details;
    }

    public HexPanel hex() {
        return hex;
    }

    public HopDiagramPanel hops() {
        return hops;
    }

    public FindingsPanel findings() {
        return findings;
    }

    public ClusterPanel cluster() {
        return cluster;
    }

    public StatusBar statusBar() {
        return statusBar;
    }

    /** Shows the packet list, findings or cluster tab. */
    public void showTab(String name) {
        topTabs.getSelectionModel().select(switch (name) {
            case "findings" -> findingsTab;
            case "cluster" -> clusterTab;
            default -> packetsTab;
        });
    }

    public VBox banner() {
        return banner;
    }

    public Session session() {
        return session;
    }
}
