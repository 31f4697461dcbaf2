#!/usr/bin/python3
"""ETS fixtures from statsmodels (Debian's python3-statsmodels 0.13.5): what EtsTest checks the Java ETS against.

For a few classic series and forms, statsmodels' ETSModel (additive errors) is fitted by maximum likelihood with its
default estimated initial states. Each case records the series, season, form, the fitted constants, the initial
states in the Java order (season[j] is the seasonal state step j uses, i.e. statsmodels' initial_seasonal reversed),
the log-likelihood, AICc, the one-step fitted values and the forecasts 1..12 after the last value.

Writes src/test/resources/ets/<case>.json. Run from the repository root: /usr/bin/python3 src/test/python/make_ets_fixtures.py
"""
import csv
import json
import os
import warnings

import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

CASES = [
    ("AirPassengers", 12, "add", False, "mul"),
    ("AirPassengers", 12, None, False, "add"),
    ("UKgas", 4, "add", True, "mul"),
    ("Nile", 1, None, False, None),
    ("WWWusage", 1, "add", True, None),
    ("austres", 4, "add", False, "add"),
]


def read(name):
    with open("/work/shared/data/timeseries/%s.csv" % name, newline="") as f:
        rows = list(csv.reader(f))
    column = 2 if rows[0][0] == "year" else 1
    return [float(r[column]) for r in rows[1:] if r]


def main():
    out = "src/test/resources/ets"
    os.makedirs(out, exist_ok=True)
    for name, m, trend, damped, seasonal in CASES:
        y = read(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = ETSModel(np.array(y), error="add", trend=trend, damped_trend=damped, seasonal=seasonal,
                           seasonal_periods=m if seasonal else None).fit(disp=False)
        p = dict(zip(res.model.param_names, (float(v) for v in res.params)))
        form = {"trend": "DAMPED" if damped else ("ADDITIVE" if trend else "NONE"),
                "season": {None: "NONE", "add": "ADDITIVE", "mul": "MULTIPLICATIVE"}[seasonal]}
        neutral = 1.0 if seasonal == "mul" else 0.0
        case = {
            "series": name, "values": y, "season": m, "trend": form["trend"], "seasonal": form["season"],
            "alpha": p["smoothing_level"], "beta": p.get("smoothing_trend", 0.0),
            "gamma": p.get("smoothing_seasonal", 0.0), "phi": p.get("damping_trend", 1.0),
            "level": p["initial_level"], "slope": p.get("initial_trend", 0.0),
            "initialSeason": [p["initial_seasonal.%d" % i] for i in range(m)][::-1] if seasonal else [neutral] * m,
            "logLikelihood": float(res.llf), "aicc": float(res.aicc),
            "fitted": [float(v) for v in res.fittedvalues], "forecasts": [float(v) for v in res.forecast(12)],
        }
        label = "%s_%s_%s" % (name, form["trend"].lower(), form["season"].lower())
        with open(os.path.join(out, label + ".json"), "w") as f:
            json.dump(case, f, indent=1)
        print(label, "llf %.4f aicc %.4f" % (res.llf, res.aicc))


if __name__ == "__main__":
    main()
