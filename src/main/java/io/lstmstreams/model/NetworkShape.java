package io.lstmstreams.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Whether a network has the shape {@link Networks#create} builds for a spec: same inputs, same layers of the
 * same kinds, same parameter shapes, same head activation. Catches a bundle whose metadata and weights
 * disagree before the step engine reads weights by name and index.
 */
public final class NetworkShape {

    private NetworkShape() {
    }

    /** Empty when {@code network} has the shape of {@code spec}; otherwise the first difference found. */
    public static Optional<String> mismatch(ModelSpec spec, ComputationGraph network) {
        for (Layer layer : network.getLayers()) {
            if (layer.getConfig() instanceof Bidirectional) {
                return Optional.of(layer.getConfig().getLayerName() + " is bidirectional: its output at a step depends on the"
                        + " steps after it, which a stream has not seen yet (DL4J's rnnTimeStep refuses it too); a streaming"
                        + " model must be causal");
            }
        }
        // The reference is built rather than derived by hand so the check can never drift from Networks.
        ComputationGraph expected = Networks.create(spec, new Sgd(0.0), 0, 0);

        List<String> expectedInputs = expected.getConfiguration().getNetworkInputs();
        List<String> actualInputs = network.getConfiguration().getNetworkInputs();
        if (!expectedInputs.equals(actualInputs)) {
            return Optional.of("inputs: expected " + expectedInputs + ", got " + actualInputs);
        }
        Map<String, String> expectedLayers = layerKinds(expected);
        Map<String, String> actualLayers = layerKinds(network);
        if (!expectedLayers.equals(actualLayers)) {
            return Optional.of("layers: expected " + expectedLayers + ", got " + actualLayers);
        }
        Map<String, String> expectedParams = paramShapes(expected);
        Map<String, String> actualParams = paramShapes(network);
        if (!expectedParams.equals(actualParams)) {
            return Optional.of("parameter shapes: expected " + expectedParams + ", got " + actualParams);
        }
        String expectedHead = headActivation(expected);
        String actualHead = headActivation(network);
        if (!expectedHead.equals(actualHead)) {
            return Optional.of("head activation: expected " + expectedHead + ", got " + actualHead);
        }
        return Optional.empty();
    }

    private static Map<String, String> layerKinds(ComputationGraph network) {
        Map<String, String> kinds = new TreeMap<>();
        for (Layer layer : network.getLayers()) {
            kinds.put(layer.getConfig().getLayerName(), layer.getConfig().getClass().getSimpleName());
        }
        return kinds;
    }

    private static Map<String, String> paramShapes(ComputationGraph network) {
        Map<String, String> shapes = new TreeMap<>();
        for (Map.Entry<String, INDArray> param : network.paramTable().entrySet()) {
            shapes.put(param.getKey(), Arrays.toString(param.getValue().shape()));
        }
        return shapes;
    }

    private static String headActivation(ComputationGraph network) {
        BaseLayer head = (BaseLayer) network.getLayer(Networks.HEAD).getConfig();
        return head.getActivationFn().toString();
    }
}
