package io.hoptrace.rules.kubeproxy;

import io.hoptrace.decoders.SharedData;
import io.hoptrace.decoders.state.IptablesDump;
import io.hoptrace.decoders.state.IptablesSaveParser;
import io.hoptrace.rules.cluster.ClusterIndex;
import io.hoptrace.rules.cluster.KubernetesJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** The cluster and dumps of kube-proxy's own unit tests (see the README beside the resource). */
public final class KubeProxyFixtures {
    public static final String K8S_RESOURCE = "/io/hoptrace/rules/kubeproxy/proxier-test.k8s.json";
    public static final String NODE = "test-node";

    private KubeProxyFixtures() {
    }

    public static String k8sJson() {
        try (InputStream in = KubeProxyFixtures.class.getResourceAsStream(K8S_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClusterIndex cluster() {
        return ClusterIndex.of(KubernetesJson.read(k8sJson()));
    }

    public static String dumpText(String name) {
        try {
            return Files.readString(SharedData.file("kube-proxy/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IptablesDump dump(String name) {
        return IptablesSaveParser.parse(dumpText(name));
    }
}
