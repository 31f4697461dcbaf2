#!/usr/bin/env python3
"""Golden vectors for the LSTM step engines, from an independent numpy implementation of PyTorch's nn.LSTM.

PyTorch documents (torch.nn.LSTM), with the four gate blocks of the 4H rows in the order i, f, g, o:
    i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)
    f = sigmoid(W_if x + b_if + W_hf h + b_hf)
    g = tanh(W_ig x + b_ig + W_hg h + b_hg)
    o = sigmoid(W_io x + b_io + W_ho h + b_ho)
    c' = f * c + i * g
    h' = o * tanh(c')
Layer l > 0 reads layer l-1's h'. Weights and inputs are float32 values; the math runs in float64.

Writes src/test/resources/golden/<case>.json: sizes, per-layer w_ih [4H][I], w_hh [4H][H], b_ih, b_hh,
h0/c0 [layer][key][H], inputs [step][key][I], and the expected h/c [step][layer][key][H] after each step.
Run from the repository root: python3 src/test/python/make_lstm_golden.py
"""
import json
import pathlib

import numpy as np

CASES = [
    # name, seed, input size, hidden size, layers, keys, steps, weight scale, nonzero initial state
    ("one_layer_zero_state", 1, 3, 4, 1, 2, 5, 1.0, False),
    ("two_layers", 2, 5, 6, 2, 3, 6, 1.0, True),
    ("wide_input", 3, 16, 8, 1, 2, 4, 1.0, True),
    ("two_layers_h32_saturating", 4, 7, 32, 2, 2, 5, 3.0, True),
]
OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "golden"


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(x, h, c, w_ih, w_hh, b_ih, b_hh):
    gates = w_ih @ x + b_ih + w_hh @ h + b_hh
    i, f, g, o = np.split(gates, 4)
    c_next = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c_next), c_next


def f32(rng, shape, scale):
    """Uniform in [-scale, scale), as float32 values (so Java reads them exactly)."""
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


def make_case(name, seed, inputs, hidden, layers, keys, steps, scale, nonzero_state):
    rng = np.random.default_rng(seed)
    bound = scale / np.sqrt(hidden)  # PyTorch initialises U(-1/sqrt(H), 1/sqrt(H)); scale widens it
    weights = []
    for layer in range(layers):
        width = inputs if layer == 0 else hidden
        weights.append({
            "w_ih": f32(rng, (4 * hidden, width), bound),
            "w_hh": f32(rng, (4 * hidden, hidden), bound),
            "b_ih": f32(rng, (4 * hidden,), bound),
            "b_hh": f32(rng, (4 * hidden,), bound),
        })
    state_scale = 0.8 if nonzero_state else 0.0
    h0 = f32(rng, (layers, keys, hidden), state_scale)
    c0 = f32(rng, (layers, keys, hidden), 2 * state_scale)
    xs = f32(rng, (steps, keys, inputs), 2.0)

    h = h0.astype(np.float64)
    c = c0.astype(np.float64)
    expected_h, expected_c = [], []
    for step in range(steps):
        for key in range(keys):
            x = xs[step, key].astype(np.float64)
            for layer, w in enumerate(weights):
                h[layer, key], c[layer, key] = lstm_step(
                    x, h[layer, key], c[layer, key],
                    *(w[k].astype(np.float64) for k in ("w_ih", "w_hh", "b_ih", "b_hh")))
                x = h[layer, key]
        expected_h.append(h.copy())
        expected_c.append(c.copy())

    return {
        "name": name,
        "equations": "torch.nn.LSTM, gates i, f, g, o",
        "seed": seed,
        "inputSize": inputs,
        "hiddenSize": hidden,
        "layers": [{k: v.tolist() for k, v in w.items()} for w in weights],
        "h0": h0.tolist(),
        "c0": c0.tolist(),
        "inputs": xs.tolist(),
        "h": np.array(expected_h).tolist(),
        "c": np.array(expected_c).tolist(),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        path = OUT / f"{case[0]}.json"
        path.write_text(json.dumps(make_case(*case)) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
