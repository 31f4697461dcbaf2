package io.lstmstreams.model;

import static io.lstmstreams.model.FastActivations.A1;
import static io.lstmstreams.model.FastActivations.A11;
import static io.lstmstreams.model.FastActivations.A13;
import static io.lstmstreams.model.FastActivations.A3;
import static io.lstmstreams.model.FastActivations.A5;
import static io.lstmstreams.model.FastActivations.A7;
import static io.lstmstreams.model.FastActivations.A9;
import static io.lstmstreams.model.FastActivations.B0;
import static io.lstmstreams.model.FastActivations.B2;
import static io.lstmstreams.model.FastActivations.B4;
import static io.lstmstreams.model.FastActivations.B6;
import static io.lstmstreams.model.FastActivations.CLAMP;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FastActivations} over arrays with the Vector API (only loaded where the JVM has it, as {@link VectorGates}).
 * C2's own vectorisation of the scalar loops took 0.51 us for an LSTM step's activations at H=64 (five short loops);
 * these take 0.21-0.28. Only exactly rounded operations, so the values are the same bits interpreted and compiled.
 */
final class VectorActivations {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorActivations() {
    }

    /**
     * tanh, or the sigmoid as {@code 0.5 + 0.5 tanh(x / 2)}, of {@code values[from, to)} in place: the scalar form's
     * operations in its order (no fused multiply-add), so bit for bit its values. One loop with the choice inside: a
     * helper taking a vector allocates it where C2 does not inline it (STACK-FACTS).
     */
    static void tanhOrSigmoid(float[] values, int from, int to, boolean sigmoid) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, values, i);
            if (sigmoid) {
                x = x.mul(0.5f);
            }
            FloatVector clamped = x.max(-CLAMP).min(CLAMP);
            FloatVector x2 = clamped.mul(clamped);
            FloatVector p = x2.mul(A13).add(A11).mul(x2).add(A9).mul(x2).add(A7).mul(x2).add(A5).mul(x2).add(A3)
                    .mul(x2).add(A1).mul(clamped);
            FloatVector q = x2.mul(B6).add(B4).mul(x2).add(B2).mul(x2).add(B0);
            FloatVector t = p.div(q);
            if (sigmoid) {
                t = t.mul(0.5f).add(0.5f);
            }
            t.intoArray(values, i);
        }
        for (; i < to; i++) {
            values[i] = sigmoid ? FastActivations.sigmoid(values[i]) : FastActivations.tanh(values[i]);
        }
    }
}
