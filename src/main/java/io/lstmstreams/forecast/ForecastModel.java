package io.lstmstreams.forecast;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.Dl4jWeights;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.model.RecurrentModel;
import io.lstmstreams.registry.LiveModel;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A forecasting LSTM as the forecaster runs it: plain-Java weights for the per-window step, the DL4J network
 * they came from (the starting point of retraining), the horizon and the version stamped on forecasts.
 */
record ForecastModel(RecurrentModel weights, ComputationGraph network, int horizon, long version)
        implements LiveModel.Swappable<ForecastModel> {

    public ForecastModel {
        if (weights.spec().head().outputs() != horizon
                || weights.spec().inputWidth() != SeriesTracker.featureCount(horizon)) {
            throw new IllegalArgumentException("model " + weights.spec() + " does not fit horizon " + horizon);
        }
    }

    /** A model of another horizon would break every series' pending forecasts. */
    @Override
    public Optional<String> incompatibility(ForecastModel running) {
        return horizon == running.horizon ? Optional.empty()
                : Optional.of("forecasts " + horizon + " windows ahead, the running model " + running.horizon);
    }

    public static ForecastModel of(ComputationGraph network, BundleMetadata metadata) {
        return new ForecastModel(Dl4jWeights.extract(network, metadata.spec()), network,
                metadata.spec().head().outputs(), metadata.modelVersion());
    }

    public static ForecastModel from(ModelBundle bundle) {
        BundleMetadata metadata = bundle.metadata();
        if (!ForecastTask.NAME.equals(metadata.task())) {
            throw new IllegalArgumentException("model is for task '" + metadata.task() + "', not '" + ForecastTask.NAME + "'");
        }
        String layout = metadata.properties().get(ForecastTraining.FEATURES);
        String expected = ForecastTraining.featureLayout(metadata.spec().head().outputs());
        if (!expected.equals(layout)) {
            throw new IllegalArgumentException("model's feature layout '" + layout + "' is not this version's '" + expected + "'");
        }
        return of(bundle.network(), metadata);
    }
}
