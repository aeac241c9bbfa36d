package io.hoptrace.ui.model.port;

import java.util.List;

/**
 * A kubeconfig's contexts.
 *
 * @param source  where they come from ({@code KUBECONFIG=...}, {@code ~/.kube/config}, a file given with
 *                {@code --kubeconfig})
 * @param current the kubeconfig's current-context, or null
 */
public record KubeContexts(String source, List<String> names, String current) {
    public KubeContexts {
        names = List.copyOf(names);
    }
}
