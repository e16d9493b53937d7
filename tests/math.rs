//! `stdlib::math` against csp 0.19.1: spec 3.2's verified values and C14
//! (`../shared/spec/csp-semantics.md`), and results printed by csp 0.19.1 in the venv
//! (`csp.run` of the same graphs) where the spec is silent.

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

/// A curve with `values[i]` at `i + 1` seconds.
fn seq<T: Clone + 'static>(g: &Graph, values: &[T]) -> Ts<T> {
    curve(
        g,
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (s(i as i64 + 1), v.clone()))
            .collect::<Vec<_>>(),
    )
}

fn run(g: &Graph) -> RunResult {
    common::run(g, RunConfig::historical(st(), s(20))).unwrap()
}

fn timed<T: Clone>(v: &[(i64, T)]) -> Vec<(Time, T)> {
    v.iter().map(|(t, x)| (s(*t), x.clone())).collect()
}

/// The inputs of C14 / spec 3.2: `x = 1..4 at 1..4 s`, `y = 1, 2 at 2, 4 s`.
fn c14_inputs(g: &Graph) -> (Ts<i64>, Ts<i64>) {
    let x = seq(g, &[1i64, 2, 3, 4]);
    let y = curve(g, vec![(s(2), 1i64), (s(4), 2)]);
    (x, y)
}

/// C14 and spec 3.2 [verified]: "`x = 1..4 at 1..4 s`, `y = 1, 2 at 2, 4 s`: `x+y ->
/// [(2,3),(3,4),(4,6)]`, `x/y -> [(2,2.0),(3,3.0),(4,2.0)]`, `x+1 ->
/// [(1,2),(2,3),(3,4),(4,5)]`" (`test_engine.test_multiple_inputs`).
#[test]
fn c14_binary_ops_emit_once_both_inputs_are_valid() {
    let g = Graph::new();
    let (x, y) = c14_inputs(&g);
    g.output("add", &x + &y);
    g.output("add_fn", math::add(&x, &y));
    g.output("div", &x / &y);
    g.output("plus1", &x + 1);
    let r = run(&g);
    let add = timed(&[(2, 3i64), (3, 4), (4, 6)]);
    assert_eq!(r.series::<i64>("add").unwrap(), add.as_slice());
    assert_eq!(r.series::<i64>("add_fn").unwrap(), add.as_slice());
    assert_eq!(
        r.series::<f64>("div").unwrap(),
        timed(&[(2, 2.0), (3, 3.0), (4, 2.0)]).as_slice()
    );
    assert_eq!(
        r.series::<i64>("plus1").unwrap(),
        timed(&[(1, 2i64), (2, 3), (3, 4), (4, 5)]).as_slice()
    );
}

/// Spec 3.2: "A scalar operand is lifted to `csp.const`", on either side. csp 0.19.1
/// prints `1 - x -> [(1, -4)]` and `2 / x -> [(1, 0.5)]` for `x = [5]` and `[4]`; here the
/// C14 `x` on every operand form (owned, borrowed, scalar left and right).
#[test]
fn every_operand_form_gives_the_same_series() {
    let g = Graph::new();
    let (x, y) = c14_inputs(&g);
    g.output("ref_ref", &x - &y);
    g.output("ref_own", &x - y.clone());
    g.output("own_ref", x.clone() - &y);
    g.output("own_own", x.clone() - y.clone());
    g.output("fn", math::sub(&x, &y));
    g.output("left", 10 - &x);
    g.output("left_owned", 10 - x.clone());
    g.output("right", x.clone() * 3);
    g.output("left_float_div", 2.0 / &x.map(|v| *v as f64).into_ts());
    let r = run(&g);
    let sub = timed(&[(2, 1i64), (3, 2), (4, 2)]);
    for name in ["ref_ref", "ref_own", "own_ref", "own_own", "fn"] {
        assert_eq!(r.series::<i64>(name).unwrap(), sub.as_slice(), "{name}");
    }
    assert_eq!(r.values::<i64>("left").unwrap(), vec![9, 8, 7, 6]);
    assert_eq!(r.values::<i64>("left_owned").unwrap(), vec![9, 8, 7, 6]);
    assert_eq!(r.values::<i64>("right").unwrap(), vec![3, 6, 9, 12]);
    assert_eq!(
        r.values::<f64>("left_float_div").unwrap(),
        vec![2.0, 1.0, 2.0 / 3.0, 0.5]
    );
}

/// Spec 3.2 result types: "`divide` gives float even for int/int; comparisons give
/// `bool`; int op int gives int". csp 0.19.1: `7 / 2 -> 3.5`, `7 / 0 -> inf` (ints),
/// `7.0 / 0.0 -> inf`, `-7.0 / 0.0 -> -inf`, `0.0 / 0.0 -> nan`.
#[test]
fn division_gives_f64_and_ieee_results_by_zero() {
    let g = Graph::new();
    let xi = seq(&g, &[7i64, 7, 0]);
    let yi = seq(&g, &[2i64, 0, 0]);
    let xf = seq(&g, &[7.0, -7.0, 0.0]);
    let yf = seq(&g, &[0.0, 0.0, 0.0]);
    g.output("int", &xi / &yi);
    g.output("float", &xf / &yf);
    let r = run(&g);
    let int = r.values::<f64>("int").unwrap();
    assert_eq!(&int[..2], &[3.5, f64::INFINITY]);
    assert!(int[2].is_nan());
    let float = r.values::<f64>("float").unwrap();
    assert_eq!(&float[..2], &[f64::INFINITY, f64::NEG_INFINITY]);
    assert!(float[2].is_nan());
}

/// csp 0.19.1 (`%` of ts[int] and ts[float], Python semantics: floored): `[7,-7,7,-7] %
/// [3,3,-3,-3] -> [1,2,-2,-1]`; `[7.5,-7.5,7.5,-7.5] % [2,2,-2,-2] -> [1.5,0.5,-0.5,-1.5]`;
/// `[-4.0, 4.0] % [2.0, -2.0] -> [0.0, -0.0]`.
#[test]
fn modulo_is_floored_as_in_python() {
    let g = Graph::new();
    let x = seq(&g, &[7i64, -7, 7, -7]);
    let y = seq(&g, &[3i64, 3, -3, -3]);
    let xf = seq(&g, &[7.5, -7.5, 7.5, -7.5, -4.0, 4.0]);
    let yf = seq(&g, &[2.0, 2.0, -2.0, -2.0, 2.0, -2.0]);
    g.output("int", &x % &y);
    g.output("int_fn", math::mod_(&x, &y));
    g.output("float", &xf % &yf);
    let r = run(&g);
    assert_eq!(r.values::<i64>("int").unwrap(), vec![1, 2, -2, -1]);
    assert_eq!(r.values::<i64>("int_fn").unwrap(), vec![1, 2, -2, -1]);
    let f = r.values::<f64>("float").unwrap();
    assert_eq!(f, vec![1.5, 0.5, -0.5, -1.5, 0.0, -0.0]);
    assert!(f[4].is_sign_positive() && f[5].is_sign_negative());
}

/// csp 0.19.1 `floordiv`: ints `[7,-7,7,-7] // [2,2,-2,-2] -> [3,-4,-4,3]`; floats
/// `[7.0,-7.0,7.5] // [2,2,-2] -> [3.0,-4.0,-4.0]`, `-0.5 // inf -> -1.0`.
#[test]
fn floordiv_is_floored_as_in_python() {
    let g = Graph::new();
    let x = seq(&g, &[7i64, -7, 7, -7]);
    let y = seq(&g, &[2i64, 2, -2, -2]);
    let xf = seq(&g, &[7.0, -7.0, 7.5, -0.5]);
    let yf = seq(&g, &[2.0, 2.0, -2.0, f64::INFINITY]);
    g.output("int", math::floordiv(&x, &y));
    g.output("float", xf.floordiv(&yf));
    let r = run(&g);
    assert_eq!(r.values::<i64>("int").unwrap(), vec![3, -4, -4, 3]);
    assert_eq!(
        r.values::<f64>("float").unwrap(),
        vec![3.0, -4.0, -4.0, -1.0]
    );
}

/// csp 0.19.1 raises `ZeroDivisionError` for `7 % 0`, `7 // 0`, `7.0 % 0.0` and
/// `7.0 // 0.0`; here each fails the run with `MathError::DivisionByZero` from its node.
#[test]
fn modulo_and_floordiv_by_zero_fail_the_run() {
    fn failing(build: impl Fn(&Graph) -> Ts<()>) -> (String, Time, String) {
        let g = Graph::new();
        g.output("o", build(&g));
        match common::run(&g, RunConfig::historical(st(), s(20))) {
            Err(Error::Node { node, time, source }) => {
                let e = source.downcast_ref::<math::MathError>().unwrap();
                assert!(matches!(e, math::MathError::DivisionByZero { .. }));
                (node, time, e.to_string())
            }
            other => panic!("expected a node error, got {other:?}"),
        }
    }
    let unit = |t: Ts<i64>| t.map(|_| ()).into_ts();
    let unit_f = |t: Ts<f64>| t.map(|_| ()).into_ts();
    let (node, time, msg) = failing(|g| unit(seq(g, &[7i64, 8]) % seq(g, &[1i64, 0])));
    assert_eq!(
        (node.as_str(), time, msg.as_str()),
        ("mod", s(2), "mod: division by zero")
    );
    let (node, _, _) = failing(|g| unit(math::floordiv(seq(g, &[7i64]), 0)));
    assert_eq!(node, "floordiv");
    let (node, _, _) = failing(|g| unit_f(seq(g, &[7.0]) % 0.0));
    assert_eq!(node, "mod");
    let (node, _, _) = failing(|g| unit_f(seq(g, &[7.0]).floordiv(0.0)));
    assert_eq!(node, "floordiv");
}

/// csp 0.19.1 `pow` of ints is `(int64)pow(double, double)`: `[2,2,0,-2,3] ** [10,-1,0,3,40]
/// -> [1024, 0, 1, -8, -9223372036854775808]`, `3 ** 39 -> 4052555153018976256`; floats:
/// `2.0 ** 0.5 -> 1.4142135623730951`, `(-8.0) ** (1/3) -> nan`, `0.0 ** -1.0 -> inf`.
#[test]
fn pow_follows_csp_for_ints_and_floats() {
    let g = Graph::new();
    let x = seq(&g, &[2i64, 2, 0, -2, 3, 3]);
    let y = seq(&g, &[10i64, -1, 0, 3, 40, 39]);
    let xf = seq(&g, &[2.0, -8.0, 0.0]);
    let yf = seq(&g, &[0.5, 1.0 / 3.0, -1.0]);
    g.output("int", x.pow(&y));
    g.output("float", math::pow(&xf, &yf));
    let r = run(&g);
    assert_eq!(
        r.values::<i64>("int").unwrap(),
        vec![1024, 0, 1, -8, i64::MIN, 4052555153018976256]
    );
    let f = r.values::<f64>("float").unwrap();
    assert_eq!(f[0], std::f64::consts::SQRT_2); // csp: 1.4142135623730951
    assert!(f[1].is_nan());
    assert_eq!(f[2], f64::INFINITY);
}

/// csp 0.19.1 wraps int64 `add` and `multiply` (C++): `2**62 + 2**62 ->
/// -9223372036854775808`, `2**40 * 2**40 -> 0`.
#[test]
fn integer_arithmetic_wraps_as_csp_int64() {
    let g = Graph::new();
    let x = const_(&g, 1i64 << 62);
    let y = const_(&g, 1i64 << 40);
    g.output("add", &x + &x);
    g.output("mul", &y * &y);
    let r = run(&g);
    assert_eq!(r.values::<i64>("add").unwrap(), vec![i64::MIN]);
    assert_eq!(r.values::<i64>("mul").unwrap(), vec![0]);
}

/// csp 0.19.1 `min`/`max` (C++ `std::min`/`std::max`): `min([1,5],[3,2]) -> [1,2]`;
/// `max([nan,1.0],[1.0,nan]) -> [nan,1.0]`, `min([nan,1.0],[1.0,nan]) -> [nan,1.0]`.
#[test]
fn min_and_max_follow_std_min_max_with_nan() {
    let g = Graph::new();
    let a = seq(&g, &[1i64, 5]);
    let b = seq(&g, &[3i64, 2]);
    let x = seq(&g, &[f64::NAN, 1.0]);
    let y = seq(&g, &[1.0, f64::NAN]);
    g.output("min_int", a.min(&b));
    g.output("max_int", math::max(&a, &b));
    g.output("max", x.max(&y));
    g.output("min", math::min(&x, &y));
    let r = run(&g);
    assert_eq!(r.values::<i64>("min_int").unwrap(), vec![1, 2]);
    assert_eq!(r.values::<i64>("max_int").unwrap(), vec![3, 5]);
    for name in ["max", "min"] {
        let v = r.values::<f64>(name).unwrap();
        assert!(v[0].is_nan(), "{name}");
        assert_eq!(v[1], 1.0, "{name}");
    }
}

/// Spec 3.2: comparisons give `bool` and share the binary validity rule. csp 0.19.1:
/// `[1,3] > [2,2] -> [False, True]`, `[1,3] == [2,3] -> [False, True]`. Here on the C14
/// inputs too: nothing before `y` is valid at 2 s.
#[test]
fn comparisons_give_bool_once_both_are_valid() {
    let g = Graph::new();
    let a = seq(&g, &[1i64, 3]);
    let b = seq(&g, &[2i64, 2]);
    let c = seq(&g, &[2i64, 3]);
    g.output("gt", a.gt(&b));
    g.output("eq", a.eq(&c));
    let (x, y) = c14_inputs(&g);
    g.output("lt", x.lt(&y));
    g.output("le", math::le(&x, &y));
    g.output("ge", x.ge(2));
    g.output("ne", math::ne(&x, &y));
    let nan = const_(&g, f64::NAN);
    g.output("nan_eq", nan.eq(f64::NAN));
    g.output("nan_ne", nan.ne(f64::NAN));
    let r = run(&g);
    assert_eq!(r.values::<bool>("gt").unwrap(), vec![false, true]);
    assert_eq!(r.values::<bool>("eq").unwrap(), vec![false, true]);
    // x = 2, 3, 4 against y = 1, 1, 2 at 2, 3, 4 s.
    assert_eq!(
        r.series::<bool>("lt").unwrap(),
        timed(&[(2, false), (3, false), (4, false)]).as_slice()
    );
    assert_eq!(r.values::<bool>("le").unwrap(), vec![false, false, false]);
    assert_eq!(r.values::<bool>("ne").unwrap(), vec![true, true, true]);
    assert_eq!(
        r.values::<bool>("ge").unwrap(),
        vec![false, true, true, true]
    );
    assert_eq!(r.values::<bool>("nan_eq").unwrap(), vec![false]);
    assert_eq!(r.values::<bool>("nan_ne").unwrap(), vec![true]);
}

/// Spec 3.2 unary ops: "float output, except `abs`/`pos`/`neg` on int, which keep the
/// type". csp 0.19.1: `abs([2,-3]) -> [2,3]` (int), `ln` of ints `[1,0,-1] -> [0.0, -inf,
/// nan]`, `sqrt([4.0,-1.0]) -> [2.0, nan]`, `exp2` of ints `[3,-1] -> [8.0, 0.5]`,
/// `log10(1000) -> 3.0`, `exp(1000.0) -> inf`, `arccosh(0.5) -> nan`, `arctanh(1.0) -> inf`.
#[test]
fn unary_ops_keep_or_float_the_type_as_csp() {
    let g = Graph::new();
    let i = seq(&g, &[2i64, -3]);
    g.output("abs", i.abs());
    g.output("neg", -&i);
    g.output("neg_fn", math::neg(&i));
    g.output("pos", math::pos(&i));
    g.output("ln", seq(&g, &[1i64, 0, -1]).ln());
    g.output("sqrt", math::sqrt(seq(&g, &[4.0, -1.0])));
    g.output("exp2", seq(&g, &[3i64, -1]).exp2());
    g.output("log10", math::log10(const_(&g, 1000i64)));
    g.output("exp", const_(&g, 1000.0).exp());
    g.output("acosh", math::arccosh(const_(&g, 0.5)));
    g.output("atanh", const_(&g, 1.0).atanh());
    let r = run(&g);
    assert_eq!(r.values::<i64>("abs").unwrap(), vec![2, 3]);
    assert_eq!(r.values::<i64>("neg").unwrap(), vec![-2, 3]);
    assert_eq!(r.values::<i64>("neg_fn").unwrap(), vec![-2, 3]);
    assert_eq!(r.values::<i64>("pos").unwrap(), vec![2, -3]);
    let ln = r.values::<f64>("ln").unwrap();
    assert_eq!(&ln[..2], &[0.0, f64::NEG_INFINITY]);
    assert!(ln[2].is_nan());
    let sqrt = r.values::<f64>("sqrt").unwrap();
    assert_eq!(sqrt[0], 2.0);
    assert!(sqrt[1].is_nan());
    assert_eq!(r.values::<f64>("exp2").unwrap(), vec![8.0, 0.5]);
    assert_eq!(r.values::<f64>("log10").unwrap(), vec![3.0]);
    assert_eq!(r.values::<f64>("exp").unwrap(), vec![f64::INFINITY]);
    assert!(r.values::<f64>("acosh").unwrap()[0].is_nan());
    assert_eq!(r.values::<f64>("atanh").unwrap(), vec![f64::INFINITY]);
}

/// csp 0.19.1 `erf([0.5, 1.0, -2.0, 3.0]) -> [0.5204998778130465, 0.8427007929497149,
/// -0.9953222650189527, 0.9999779095030014]`; the trigonometric functions against
/// Rust's `f64` (csp's C++ calls the same libm functions).
#[test]
fn erf_and_trigonometry_match_csp() {
    let g = Graph::new();
    let x = seq(&g, &[0.5, 1.0, -2.0, 3.0]);
    g.output("erf", math::erf(&x));
    let t = seq(&g, &[0.3, -0.7]);
    type Case = (&'static str, Ts<f64>, fn(f64) -> f64);
    let fns: Vec<Case> = vec![
        ("sin", t.sin(), f64::sin),
        ("cos", math::cos(&t), f64::cos),
        ("tan", t.tan(), f64::tan),
        ("arcsin", math::arcsin(&t), f64::asin),
        ("arccos", t.acos(), f64::acos),
        ("arctan", math::atan(&t), f64::atan),
        ("sinh", t.sinh(), f64::sinh),
        ("cosh", math::cosh(&t), f64::cosh),
        ("tanh", t.tanh(), f64::tanh),
        ("arcsinh", math::arcsinh(&t), f64::asinh),
        ("arctanh", math::arctanh(&t), f64::atanh),
        ("exp", t.exp(), f64::exp),
        ("log2", math::log2(&t), f64::log2),
    ];
    for (name, ts, _) in &fns {
        g.output(name, ts);
    }
    let r = run(&g);
    let want = [
        0.5204998778130465,
        0.8427007929497149,
        -0.9953222650189527,
        0.9999779095030014,
    ];
    for (got, want) in r.values::<f64>("erf").unwrap().iter().zip(want) {
        assert!((got - want).abs() <= 1e-15 * want.abs(), "{got} vs {want}");
    }
    for (name, _, f) in &fns {
        let got = r.values::<f64>(name).unwrap();
        let want: Vec<f64> = [0.3, -0.7].into_iter().map(f).collect();
        assert_eq!(got.len(), 2, "{name}");
        for (g, w) in got.iter().zip(&want) {
            assert!(
                g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
                "{name}"
            );
        }
    }
}

/// Spec 3.2: "`and_(*xs)` / `or_(*xs)`: a basket node that emits `all()` / `any()` of the
/// valid values once all inputs are valid". csp 0.19.1: `and_([T,F,T] at 1..3 s, [T,T] at
/// 1..2 s) -> [T, F, T]`; `or_([F,F,T], [F,F], [F]) -> [F, F, T]`.
#[test]
fn and_or_wait_for_every_input() {
    let g = Graph::new();
    let a = seq(&g, &[true, false, true]);
    let b = seq(&g, &[true, true]);
    g.output("and", math::and_(&[a, b]));
    let x = seq(&g, &[false, false, true]);
    let y = seq(&g, &[false, false]);
    let z = seq(&g, &[false]);
    g.output("or", math::or_(&[x, y.clone(), z]));
    // Validity: nothing until the late input first ticks.
    let late = curve(&g, vec![(s(3), true)]);
    g.output("late", math::and_(&[y, late]));
    let r = run(&g);
    assert_eq!(r.values::<bool>("and").unwrap(), vec![true, false, true]);
    assert_eq!(r.values::<bool>("or").unwrap(), vec![false, false, true]);
    assert_eq!(
        r.series::<bool>("late").unwrap(),
        timed(&[(3, false)]).as_slice()
    );
}

/// csp 0.19.1: `not_([True, False]) -> [False, True]`, `bitwise_not([0, 5, -1]) -> [-1, -6,
/// 0]`; the `!` operator is the same nodes.
#[test]
fn not_and_bitwise_not() {
    let g = Graph::new();
    let b = seq(&g, &[true, false]);
    let i = seq(&g, &[0i64, 5, -1]);
    g.output("not", math::not_(&b));
    g.output("not_op", !&b);
    g.output("bitnot", math::bitwise_not(&i));
    g.output("bitnot_op", !i);
    let r = run(&g);
    assert_eq!(r.values::<bool>("not").unwrap(), vec![false, true]);
    assert_eq!(r.values::<bool>("not_op").unwrap(), vec![false, true]);
    assert_eq!(r.values::<i64>("bitnot").unwrap(), vec![-1, -6, 0]);
    assert_eq!(r.values::<i64>("bitnot_op").unwrap(), vec![-1, -6, 0]);
}

/// The ops are generic over every primitive number: `u8` wraps, `f32` stays `f32`.
#[test]
fn other_element_types() {
    let g = Graph::new();
    let u = seq(&g, &[250u8, 10]);
    let f = seq(&g, &[1.5f32, -2.0]);
    g.output("u_add", &u + 10);
    g.output("u_sub", 5u8 - &u);
    g.output("u_div", &u / 4);
    g.output("f_mul", &f * 2.0f32);
    g.output("f_neg", -f);
    let r = run(&g);
    assert_eq!(r.values::<u8>("u_add").unwrap(), vec![4, 20]);
    assert_eq!(r.values::<u8>("u_sub").unwrap(), vec![11, 251]);
    assert_eq!(r.values::<f64>("u_div").unwrap(), vec![62.5, 2.5]);
    assert_eq!(r.values::<f32>("f_mul").unwrap(), vec![3.0, -4.0]);
    assert_eq!(r.values::<f32>("f_neg").unwrap(), vec![-1.5, 2.0]);
}

/// A binary op is one node, and a scalar operand adds no node (no `const` is built).
#[test]
fn ops_are_one_node_each() {
    let g = Graph::new();
    let (x, y) = c14_inputs(&g);
    let before = g.len();
    let _ = &x + &y;
    assert_eq!(g.len(), before + 1);
    let _ = 2 * &x;
    let _ = x.gt(1);
    assert_eq!(g.len(), before + 3);
}
