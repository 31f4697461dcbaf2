#!/usr/bin/env python3
"""Golden vectors for the step engines, from an independent numpy implementation of PyTorch's recurrent cells.

PyTorch documents, with the gate blocks of the G*H rows of weight_ih / weight_hh in the order given:
  torch.nn.LSTM (i, f, g, o):
    i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)      f = sigmoid(W_if x + b_if + W_hf h + b_hf)
    g = tanh(W_ig x + b_ig + W_hg h + b_hg)         o = sigmoid(W_io x + b_io + W_ho h + b_ho)
    c' = f * c + i * g                              h' = o * tanh(c')
  torch.nn.GRU (r, z, n):
    r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)      z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
    n = tanh(W_in x + b_in + r * (W_hn h + b_hn))   h' = (1 - z) * n + z * h
  torch.nn.RNN (one block), nonlinearity tanh or relu:
    h' = nonlinearity(W_ih x + b_ih + W_hh h + b_hh)
Layer l > 0 reads layer l-1's h'. Weights and inputs are float32 values; the math runs in float64.

Writes src/test/resources/golden/<case>.json: the cell, sizes, per-layer w_ih [G*H][I], w_hh [G*H][H], b_ih, b_hh,
h0 (and for LSTM c0) [layer][key][H], inputs [step][key][I], and the expected h (and c) [step][layer][key][H] after
each step. Bidirectional cases (PyTorch's bidirectional=True, zero initial states): each layer has a forward and a backward
set of weights; the backward direction reads the steps in reverse; a layer's output at step t is the forward h_t then
the backward h_t (2H), which the next layer reads. They write src/test/resources/golden/bidirectional/<case>.json:
"forward" and "backward" layers, the inputs, and the top layer's output [step][key][2H].
Run from the repository root: python3 src/test/python/make_golden.py
"""
import json
import pathlib

import numpy as np

CASES = [
    # name, cell, seed, input size, hidden size, layers, keys, steps, weight scale, nonzero initial state
    ("one_layer_zero_state", "lstm", 1, 3, 4, 1, 2, 5, 1.0, False),
    ("two_layers", "lstm", 2, 5, 6, 2, 3, 6, 1.0, True),
    ("wide_input", "lstm", 3, 16, 8, 1, 2, 4, 1.0, True),
    ("two_layers_h32_saturating", "lstm", 4, 7, 32, 2, 2, 5, 3.0, True),
    ("gru_one_layer_zero_state", "gru", 11, 3, 4, 1, 2, 5, 1.0, False),
    ("gru_two_layers", "gru", 12, 5, 6, 2, 3, 6, 1.0, True),
    ("gru_wide_input", "gru", 13, 16, 8, 1, 2, 4, 1.0, True),
    ("gru_two_layers_h32_saturating", "gru", 14, 7, 32, 2, 2, 5, 3.0, True),
    ("gru_three_layers_zero_state", "gru", 15, 5, 6, 3, 3, 6, 1.0, False),
    ("rnn_one_layer_zero_state", "rnn", 21, 3, 4, 1, 2, 5, 1.0, False),
    ("rnn_two_layers", "rnn", 22, 5, 6, 2, 3, 6, 1.0, True),
    ("rnn_two_layers_h32_saturating", "rnn", 24, 7, 32, 2, 2, 5, 3.0, True),
    ("rnn_relu_one_layer_zero_state", "rnn_relu", 31, 3, 4, 1, 2, 5, 1.0, False),
    ("rnn_relu_three_layers", "rnn_relu", 32, 5, 6, 3, 3, 6, 1.0, True),
]
BIDIRECTIONAL_CASES = [
    # name, cell, seed, input size, hidden size, layers, keys, steps, weight scale
    ("lstm_one_layer", "lstm", 41, 3, 4, 1, 2, 5, 1.0),
    ("lstm_two_layers", "lstm", 42, 5, 6, 2, 3, 6, 1.0),
    ("gru_two_layers", "gru", 43, 5, 6, 2, 3, 6, 1.0),
    ("rnn_two_layers_saturating", "rnn", 44, 7, 8, 2, 2, 5, 3.0),
    ("rnn_relu_one_layer", "rnn_relu", 45, 4, 5, 1, 2, 4, 1.0),
]
GATES = {"lstm": 4, "gru": 3, "rnn": 1, "rnn_relu": 1}
EQUATIONS = {
    "lstm": "torch.nn.LSTM, gates i, f, g, o",
    "gru": "torch.nn.GRU, gates r, z, n",
    "rnn": "torch.nn.RNN, nonlinearity tanh",
    "rnn_relu": "torch.nn.RNN, nonlinearity relu",
}
OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "golden"


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(x, h, c, w_ih, w_hh, b_ih, b_hh):
    gates = w_ih @ x + b_ih + w_hh @ h + b_hh
    i, f, g, o = np.split(gates, 4)
    c_next = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c_next), c_next


def gru_step(x, h, c, w_ih, w_hh, b_ih, b_hh):
    x_r, x_z, x_n = np.split(w_ih @ x + b_ih, 3)
    h_r, h_z, h_n = np.split(w_hh @ h + b_hh, 3)
    r = sigmoid(x_r + h_r)
    z = sigmoid(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h, c


def rnn_step(nonlinearity):
    def step(x, h, c, w_ih, w_hh, b_ih, b_hh):
        return nonlinearity(w_ih @ x + b_ih + w_hh @ h + b_hh), c
    return step


STEPS = {"lstm": lstm_step, "gru": gru_step, "rnn": rnn_step(np.tanh), "rnn_relu": rnn_step(lambda v: np.maximum(v, 0))}


def f32(rng, shape, scale):
    """Uniform in [-scale, scale), as float32 values (so Java reads them exactly)."""
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


def layer_weights(rng, cell, width, hidden, bound):
    rows = GATES[cell] * hidden
    return {
        "w_ih": f32(rng, (rows, width), bound),
        "w_hh": f32(rng, (rows, hidden), bound),
        "b_ih": f32(rng, (rows,), bound),
        "b_hh": f32(rng, (rows,), bound),
    }


def run_direction(cell, w, xs):
    """One direction of one layer over xs [step][key][width] from zero state: h [step][key][H]."""
    step_fn = STEPS[cell]
    hidden = w["w_hh"].shape[1]
    out = np.zeros((xs.shape[0], xs.shape[1], hidden))
    for key in range(xs.shape[1]):
        h = np.zeros(hidden)
        c = np.zeros(hidden)
        for step in range(xs.shape[0]):
            h, c = step_fn(xs[step, key], h, c, *(w[k].astype(np.float64) for k in ("w_ih", "w_hh", "b_ih", "b_hh")))
            out[step, key] = h
    return out


def make_bidirectional_case(name, cell, seed, inputs, hidden, layers, keys, steps, scale):
    rng = np.random.default_rng(seed)
    bound = scale / np.sqrt(hidden)
    forward, backward = [], []
    for layer in range(layers):
        width = inputs if layer == 0 else 2 * hidden
        forward.append(layer_weights(rng, cell, width, hidden, bound))
        backward.append(layer_weights(rng, cell, width, hidden, bound))
    xs = f32(rng, (steps, keys, inputs), 2.0)
    x = xs.astype(np.float64)
    for layer in range(layers):
        ahead = run_direction(cell, forward[layer], x)
        behind = run_direction(cell, backward[layer], x[::-1])[::-1]
        x = np.concatenate([ahead, behind], axis=2)
    return {
        "name": name,
        "cell": cell,
        "equations": EQUATIONS[cell] + ", bidirectional",
        "seed": seed,
        "inputSize": inputs,
        "hiddenSize": hidden,
        "forward": [{k: v.tolist() for k, v in w.items()} for w in forward],
        "backward": [{k: v.tolist() for k, v in w.items()} for w in backward],
        "inputs": xs.tolist(),
        "output": x.tolist(),
    }


def make_case(name, cell, seed, inputs, hidden, layers, keys, steps, scale, nonzero_state):
    rng = np.random.default_rng(seed)
    bound = scale / np.sqrt(hidden)  # PyTorch initialises U(-1/sqrt(H), 1/sqrt(H)); scale widens it
    rows = GATES[cell] * hidden
    weights = []
    for layer in range(layers):
        width = inputs if layer == 0 else hidden
        weights.append({
            "w_ih": f32(rng, (rows, width), bound),
            "w_hh": f32(rng, (rows, hidden), bound),
            "b_ih": f32(rng, (rows,), bound),
            "b_hh": f32(rng, (rows,), bound),
        })
    state_scale = 0.8 if nonzero_state else 0.0
    h0 = f32(rng, (layers, keys, hidden), state_scale)
    c0 = f32(rng, (layers, keys, hidden), 2 * state_scale)  # drawn for every cell; only LSTM has a c
    xs = f32(rng, (steps, keys, inputs), 2.0)

    step_fn = STEPS[cell]
    h = h0.astype(np.float64)
    c = c0.astype(np.float64)
    expected_h, expected_c = [], []
    for step in range(steps):
        for key in range(keys):
            x = xs[step, key].astype(np.float64)
            for layer, w in enumerate(weights):
                h[layer, key], c[layer, key] = step_fn(
                    x, h[layer, key], c[layer, key],
                    *(w[k].astype(np.float64) for k in ("w_ih", "w_hh", "b_ih", "b_hh")))
                x = h[layer, key]
        expected_h.append(h.copy())
        expected_c.append(c.copy())

    case = {
        "name": name,
        "cell": cell,
        "equations": EQUATIONS[cell],
        "seed": seed,
        "inputSize": inputs,
        "hiddenSize": hidden,
        "layers": [{k: v.tolist() for k, v in w.items()} for w in weights],
        "h0": h0.tolist(),
    }
    if cell == "lstm":
        case["c0"] = c0.tolist()
    case["inputs"] = xs.tolist()
    case["h"] = np.array(expected_h).tolist()
    if cell == "lstm":
        case["c"] = np.array(expected_c).tolist()
    return case


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        path = OUT / f"{case[0]}.json"
        path.write_text(json.dumps(make_case(*case)) + "\n")
        print(f"wrote {path}")
    (OUT / "bidirectional").mkdir(exist_ok=True)
    for case in BIDIRECTIONAL_CASES:
        path = OUT / "bidirectional" / f"{case[0]}.json"
        path.write_text(json.dumps(make_bidirectional_case(*case)) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
