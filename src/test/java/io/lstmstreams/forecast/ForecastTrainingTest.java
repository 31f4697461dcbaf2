package io.lstmstreams.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lstmstreams.model.BundleMetadata;
import io.lstmstreams.model.ModelBundle;
import io.lstmstreams.training.NumericSequence;
import io.lstmstreams.training.ProgressListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastTrainingTest {

    @Test
    void targetsAreHoltWintersErrorsInUnitsOfScaleAndMissingPastTheEnd() {
        double[] values = TinyModels.seasonal(20);
        ForecastTraining.Input input = new ForecastTraining.Input(values, 4);

        NumericSequence sequence = ForecastTraining.encode(input, 2);

        SeriesTracker tracker = new SeriesTracker(4, 2, HoltWinters.fit(values, 4));
        float[] features = new float[SeriesTracker.featureCount(2)];
        for (int t = 0; t <= 10; t++) {
            tracker.observe(values[t], features);
        }
        assertThat(sequence.features()[10]).containsExactly(features);
        assertThat((double) sequence.targets()[10][1])
                .isCloseTo((values[12] - tracker.baseline(2)) / tracker.scale(), within(1e-5));
        assertThat(sequence.hasTarget(17)).isTrue();
        assertThat(sequence.hasTarget(18)).isFalse();
    }

    @Test
    void aShortSeriesStillGivesSeveralCrops() {
        NumericSequence sequence = ForecastTraining.encode(new ForecastTraining.Input(TinyModels.seasonal(24), 4), 3);

        List<NumericSequence> crops = ForecastTraining.crops(sequence, 3);

        assertThat(crops).hasSizeGreaterThan(4).allSatisfy(crop -> assertThat(crop.length()).isEqualTo(16));
    }

    @Test
    void bundleSaysTaskHorizonAndFeatureLayout() throws Exception {
        ModelBundle bundle = ForecastTraining.train(List.of(new ForecastTraining.Input(TinyModels.seasonal(40), 4),
                new ForecastTraining.Input(TinyModels.seasonal(30), 1)), TinyModels.options(), 5, ProgressListener.none());

        ModelBundle read = ModelBundle.fromBytes(bundle.toBytes());
        BundleMetadata metadata = read.metadata();
        assertThat(metadata.task()).isEqualTo("forecast");
        assertThat(metadata.properties()).containsEntry("horizon", "3")
                .containsEntry("features", "value,missing,hw_error,seasonal_difference,season_sin,season_cos,"
                        + "hw_forecast_1,hw_forecast_2,hw_forecast_3");
        assertThat(ForecastModel.from(read).version()).isEqualTo(5);

        BundleMetadata other = new BundleMetadata("pos", 1, null, metadata.spec(), Map.of(), List.of(), null, Map.of(),
                Instant.now(), Map.of());
        assertThatThrownBy(() -> ForecastModel.from(ModelBundle.of(other, read.network())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task 'pos'");
    }
}
