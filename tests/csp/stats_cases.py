"""Writes tests/csp/stats_cases.json: random inputs through csp 0.19.1's csp.stats, the
expected outputs of tests/stats_csp.rs (a differential test against the real csp).

Run from the repository root in a venv with `pip install csp==0.19.1`:
    python tests/csp/stats_cases.py
Inputs are small integers (ties) with NaNs, at irregular times with duplicate timestamps.
Times in the file are seconds after 2020-01-01; NaN is written as null.
"""
import json
import math
import random
from datetime import datetime, timedelta

import csp
from csp import stats

ST = datetime(2020, 1, 1)
rng = random.Random(20261201)


def series(n, nan_rate=0.15, positive=False):
    t, out = 0, []
    for _ in range(n):
        t += rng.choice([0, 1, 1, 1, 2, 3])
        v = float(rng.randint(1 if positive else -4, 9))
        if rng.random() < nan_rate:
            v = float("nan")
        out.append((t, v))
    return out


def to_curve(points):
    return csp.curve(float, [(ST + timedelta(seconds=t), v) for t, v in points])


def num(v):
    if isinstance(v, datetime):
        return (v - ST).total_seconds()
    return None if (isinstance(v, float) and math.isnan(v)) else v


WINDOWS = [
    {},  # expanding
    {"interval": 5},
    {"interval": 4, "min_window": 2},
    {"interval": 7.0},  # seconds: a time window
    {"interval": 6.0, "min_window": 2.0},
]

FUNCS = {
    "count": [{}],
    "sum": [{}, {"precise": True}],
    "prod": [{}],
    "first": [{}],
    "last": [{}],
    "mean": [{}],
    "gmean": [{}],
    "min": [{}],
    "max": [{}],
    "median": [{}],
    "quantile": [{"quant": 0.3, "interpolate": m} for m in ["linear", "lower", "higher", "midpoint", "nearest"]],
    "rank": [{"method": m, "na_option": na} for m in ["min", "max", "avg"] for na in ["keep", "last"]],
    "argmin": [{}, {"return_most_recent": False}],
    "argmax": [{}, {"return_most_recent": False}],
    "var": [{}, {"ddof": 0}],
    "stddev": [{}],
    "sem": [{}],
    "skew": [{}, {"bias": True}],
    "kurt": [{}, {"bias": True, "excess": False}],
    "unique": [{}],
}

EMA = [
    {"alpha": 0.3},
    {"alpha": 0.3, "adjust": False},
    {"span": 4.0},
    {"com": 2.0, "ignore_na": True},
    {"alpha": 0.25, "horizon": 4},
    {"halflife": 3.0},
    {"alpha": 0.3, "min_periods": 3},
]


def kwargs_for(args):
    out = {}
    for k, v in args.items():
        if k in ("interval", "min_window", "halflife") and isinstance(v, float):
            out[k] = timedelta(seconds=v)
        else:
            out[k] = v
    return out


cases = []


def run_case(name, fn, args, x, y=None, reset=None, sampler=None):
    def g():
        kw = kwargs_for(args)
        if reset is not None:
            kw["reset"] = csp.curve(bool, [(ST + timedelta(seconds=t), True) for t in reset])
        if sampler is not None:
            kw["sampler"] = csp.curve(bool, [(ST + timedelta(seconds=t), True) for t in sampler])
        f = getattr(stats, fn)
        out = f(to_curve(x), to_curve(y), **kw) if y is not None else f(to_curve(x), **kw)
        csp.add_graph_output("out", out)

    end = ST + timedelta(seconds=max(t for t, _ in x) + 1)
    try:
        res = csp.run(g, starttime=ST, endtime=end)["out"]
        expected = [[(t - ST).total_seconds(), num(v)] for t, v in res]
        error = None
    except Exception as e:  # a configuration csp rejects
        expected, error = None, f"{type(e).__name__}: {e}"
    case = {"name": name, "fn": fn, "args": args, "x": [[t, num(v)] for t, v in x], "expected": expected, "error": error}
    if y is not None:
        case["y"] = [[t, num(v)] for t, v in y]
    if reset is not None:
        case["reset"] = reset
    if sampler is not None:
        case["sampler"] = sampler
    cases.append(case)


for fn, variants in FUNCS.items():
    for vi, extra in enumerate(variants):
        for wi, window in enumerate(WINDOWS):
            for ignore_na in (True, False):
                args = dict(window, **extra)
                if not ignore_na:
                    args["ignore_na"] = False
                x = series(30, positive=(fn in ("gmean", "prod")))
                run_case(f"{fn}/{vi}/w{wi}/na{int(ignore_na)}", fn, args, x)
        # with a reset and with a sampler, on one window
        x = series(30, positive=(fn in ("gmean", "prod")))
        last = x[-1][0]
        run_case(f"{fn}/{vi}/reset", fn, dict({"interval": 5}, **extra), x, reset=sorted(rng.sample(range(last + 1), 3)))
        run_case(f"{fn}/{vi}/sampler", fn, dict({"interval": 4}, **extra), x, sampler=sorted(set(rng.sample(range(last + 1), last // 2))))
        run_case(f"{fn}/{vi}/min_points", fn, dict({"interval": 6, "min_data_points": 3}, **extra), x)

for fn in ("ema", "ema_var", "ema_std"):
    for vi, args in enumerate(EMA):
        if fn != "ema" and ("min_periods" in args):
            continue
        x = series(30)
        run_case(f"{fn}/{vi}", fn, dict(args), x)
        run_case(f"{fn}/{vi}/reset", fn, dict(args), x, reset=sorted(rng.sample(range(x[-1][0] + 1), 2)))

for fn in ("cov", "corr", "ema_cov"):
    for wi, window in enumerate([{}, {"interval": 5}, {"interval": 6.0}] if fn != "ema_cov" else [{"alpha": 0.3}, {"span": 3.0, "adjust": False}]):
        x = series(30)
        y = [(t, float(rng.randint(-4, 9)) if rng.random() > 0.1 else float("nan")) for t, _ in x]
        run_case(f"{fn}/w{wi}", fn, dict(window), x, y=y)

with open("tests/csp/stats_cases.json", "w") as f:
    json.dump({"generator": "tests/csp/stats_cases.py, csp " + csp.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(len(cases), "cases;", sum(1 for c in cases if c["error"]), "rejected by csp")
