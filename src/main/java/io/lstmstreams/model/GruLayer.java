package io.lstmstreams.model;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A GRU layer for DL4J, which has none, with PyTorch's {@code nn.GRU} equations:
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 * written as SameDiff ops, so DL4J differentiates it inside the same graph as the embeddings and the head.
 * SameDiff's own {@code gru} op has a single bias and so no {@code b_hn}: not PyTorch's cell.
 *
 * <p>Parameters (row-major as DL4J's, inputs along rows): {@value #INPUT_WEIGHTS} {@code [nIn, 3H]},
 * {@value #RECURRENT_WEIGHTS} {@code [H, 3H]}, {@value #INPUT_BIAS} and {@value #RECURRENT_BIAS} {@code [3H]}, their
 * columns in blocks r, z, n. Input and output are NCW ({@code [batch, features, T]}), starting from h = 0; padding at
 * the end of a masked sequence cannot reach the real steps before it, so the mask is not needed.
 */
public final class GruLayer extends SameDiffLayer {

    public static final String INPUT_WEIGHTS = "W";
    public static final String RECURRENT_WEIGHTS = "RW";
    public static final String INPUT_BIAS = "b";
    public static final String RECURRENT_BIAS = "rb";

    // DL4J writes layer configurations as JSON with its shaded Jackson; these are read back through the no-argument
    // constructor.
    @JsonProperty("nIn")
    private long nIn;
    @JsonProperty("nOut")
    private long nOut;

    /** For JSON deserialisation. */
    public GruLayer() {
    }

    public GruLayer(long nIn, long nOut) {
        this.nIn = nIn;
        this.nOut = nOut;
    }

    public long getNIn() {
        return nIn;
    }

    public long getNOut() {
        return nOut;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long steps = inputType instanceof InputType.InputTypeRecurrent recurrent ? recurrent.getTimeSeriesLength() : -1;
        return InputType.recurrent(nOut, steps, RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (override || nIn == 0) {
            nIn = ((InputType.InputTypeRecurrent) inputType).getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(INPUT_WEIGHTS, nIn, 3 * nOut);
        params.addWeightParam(RECURRENT_WEIGHTS, nOut, 3 * nOut);
        params.addBiasParam(INPUT_BIAS, 3 * nOut);
        params.addBiasParam(RECURRENT_BIAS, 3 * nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.XAVIER : weightInit;
        initWeights((int) nIn, (int) (3 * nOut), init, params.get(INPUT_WEIGHTS));
        initWeights((int) nOut, (int) (3 * nOut), init, params.get(RECURRENT_WEIGHTS));
        params.get(INPUT_BIAS).assign(0);
        params.get(RECURRENT_BIAS).assign(0);
    }

    /**
     * The time loop unrolled over the input's length, which {@link Impl} fixes per graph. The input projection of all
     * steps is one matrix product; each step adds one product with {@code RW} and element-wise ops.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        int steps = (int) input.getShape()[2];
        SDVariable inputs = sd.reshape(sd.permute(input, 2, 0, 1), -1, nIn);                       // [T*B, nIn]
        // mmul and add, not nn().linear: linear's backward pass fails on a batch of one sequence in 1.0.0-M2.1.
        SDVariable[] projected = sd.split(inputs.mmul(params.get(INPUT_WEIGHTS)).add(params.get(INPUT_BIAS)), 3, 1);
        SDVariable[][] x = new SDVariable[3][];                                                     // r, z, n: T x [B, H]
        for (int block = 0; block < 3; block++) {
            x[block] = sd.unstack(sd.reshape(projected[block], steps, -1, nOut), 0, steps);
        }
        SDVariable recurrentWeights = params.get(RECURRENT_WEIGHTS);
        SDVariable recurrentBias = params.get(RECURRENT_BIAS);
        // h starts at 0 as a product like any other, so RW is in the graph (and gets its zero gradient) even for T = 1.
        SDVariable h = sd.zerosLike(x[0][0]);
        SDVariable[] outputs = new SDVariable[steps];
        for (int t = 0; t < steps; t++) {
            SDVariable[] recurrent = sd.split(h.mmul(recurrentWeights).add(recurrentBias), 3, 1);
            SDVariable r = sd.nn().sigmoid(x[0][t].add(recurrent[0]));
            SDVariable z = sd.nn().sigmoid(x[1][t].add(recurrent[1]));
            SDVariable n = sd.math().tanh(x[2][t].add(r.mul(recurrent[2])));
            h = n.add(z.mul(h.sub(n)));                                                                // (1 - z) n + z h
            outputs[t] = h;
        }
        return sd.stack(2, outputs);                                                                   // [B, H, T]
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        Impl layer = new Impl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /**
     * DL4J's SameDiff layer, with three changes. It builds its graph once, for the first input's shape; an unrolled
     * time loop needs one graph per sequence length, so this keeps one per length seen. Its backward pass goes through
     * SameDiff's external-errors op, which in 1.0.0-M2.1 doubles every gradient (a product {@code x * w} gets
     * {@code 2 x} for {@code w}, checked directly); this one differentiates {@code sum(output * epsilon)} instead, whose
     * gradients are exactly the chain rule's. And it applies the layer's input dropout, which DL4J's leaves out.
     */
    static final class Impl extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {

        private static final String EPSILON = "epsilon";

        private record Graph(SameDiff sameDiff, String outputKey) {
        }

        private final Map<Long, Graph> graphs = new HashMap<>();

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            useGraphForInput();
            return super.activate(training, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            useGraphForInput();
            Gradient gradient = new DefaultGradient();
            INDArray inputGradient;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (!sameDiff.hasGradientFunction()) {
                    withoutOpChatter(() -> sameDiff.createGradFunction(INPUT_KEY));
                }
                Map<String, INDArray> placeholders = new HashMap<>();
                placeholders.put(INPUT_KEY, input);
                placeholders.put(MASK_KEY, maskArray != null ? maskArray : layerConf().onesMaskForInput(input));
                placeholders.put(EPSILON, epsilon.dup());
                List<String> wrt = new ArrayList<>(paramTable.keySet());
                wrt.add(INPUT_KEY);
                Map<String, INDArray> gradients = sameDiff.calculateGradients(placeholders, wrt);
                for (String param : paramTable.keySet()) {
                    INDArray view = gradTable.get(param);
                    view.assign(gradients.get(param));
                    gradient.gradientForVariable().put(param, view);
                }
                inputGradient = gradients.get(INPUT_KEY);
            }
            return new Pair<>(gradient, backpropDropOutIfPresent(workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputGradient)));
        }

        /** The forward graph of {@link GruLayer#defineLayer} for the current input's length, and its loss for backprop. */
        @Override
        protected void doInit() {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                GruLayer layer = (GruLayer) layerConf();
                SameDiff graph = SameDiff.create();
                // The default holder copies an array per thread; the params must stay views of the network's.
                graph.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
                long[] shape = input.shape().clone();
                shape[0] = -1;
                SDVariable inputVariable = graph.placeHolder(INPUT_KEY, dataType, shape);
                SDVariable mask = graph.placeHolder(MASK_KEY, dataType, -1, -1);
                Map<String, SDVariable> params = new LinkedHashMap<>();
                layer.getLayerParams().getParamShapes().forEach((name, paramShape) ->
                        params.put(name, graph.var(name, dataType, paramShape)));
                SDVariable output = layer.defineLayer(graph, inputVariable, params, mask);
                SDVariable upstream = graph.placeHolder(EPSILON, dataType, output.getShape());
                graph.setLossVariables(output.mul(upstream).sum());
                paramTable.forEach((name, value) -> graph.associateArrayWithVariable(value, graph.getVariable(name)));
                sameDiff = graph;
                outputVar = output;
                outputKey = output.name();
            }
        }

        /**
         * SameDiff 1.0.0-M2.1 prints a line to stdout for every op it differentiates (a thousand per graph here), into
         * the output of the commands; this drops those lines while the gradient graph is built.
         */
        private static void withoutOpChatter(Runnable build) {
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(stdout, true) {
                @Override
                public void println(String line) {
                    if (line == null || !line.startsWith("Added differentiated op ")) {
                        super.println(line);
                    }
                }
            });
            try {
                build.run();
            } finally {
                System.setOut(stdout);
            }
        }

        private void useGraphForInput() {
            Graph graph = graphs.computeIfAbsent(input.size(2), steps -> {
                doInit();
                return new Graph(sameDiff, outputKey);
            });
            sameDiff = graph.sameDiff();
            outputVar = sameDiff.getVariable(graph.outputKey());
            outputKey = graph.outputKey();
        }
    }
}
