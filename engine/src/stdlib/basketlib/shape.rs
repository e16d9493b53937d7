//! The basket shapes the basketlib nodes take and give back: lists and dicts.

use crate::graph::Ts;
use std::collections::BTreeMap;

/// A list or dict basket of `Ts<T>` given to a basketlib node, and the shape of the output
/// basket the node returns for it.
///
/// Lists (`&[Ts<T>]`, `Vec<Ts<T>>`, `&Vec<Ts<T>>`, `[Ts<T>; N]`, `&[Ts<T>; N]`) give a
/// `Vec<Ts<T>>` of the same length; dicts (`BTreeMap<K, Ts<T>>` or a reference to one)
/// give a `BTreeMap<K, Ts<T>>` with the same keys.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_engine::stdlib::basketlib::IntoBasket;
/// use std::collections::BTreeMap;
/// let g = Graph::new();
/// let (a, b) = (const_(&g, 1), const_(&g, 2));
/// let (series, keys) = BTreeMap::from([("b", b), ("a", a)]).into_parts();
/// assert_eq!(series.len(), 2);
/// assert_eq!(keys, vec!["a", "b"]);
/// ```
pub trait IntoBasket<T> {
    /// What identifies the elements: `()` for a list (its positions), the keys for a dict.
    type Keys;
    /// The output basket: `Vec<Ts<T>>` or `BTreeMap<K, Ts<T>>`.
    type Output;
    /// The elements in basket order, and their keys.
    fn into_parts(self) -> (Vec<Ts<T>>, Self::Keys);
    /// The output basket from one output series per element, in basket order.
    fn rebuild(keys: Self::Keys, outputs: Vec<Ts<T>>) -> Self::Output;
}

macro_rules! list_shape {
    ($($(#[$g:meta])* [$($gen:tt)*] $ty:ty => $parts:expr;)*) => {$(
        impl<$($gen)*> IntoBasket<T> for $ty {
            type Keys = ();
            type Output = Vec<Ts<T>>;
            fn into_parts(self) -> (Vec<Ts<T>>, ()) {
                let f: fn(Self) -> Vec<Ts<T>> = $parts;
                (f(self), ())
            }
            fn rebuild(_: (), outputs: Vec<Ts<T>>) -> Vec<Ts<T>> {
                outputs
            }
        }
    )*};
}

list_shape! {
    [T] &[Ts<T>] => |x| x.to_vec();
    [T] Vec<Ts<T>> => |x| x;
    [T] &Vec<Ts<T>> => |x| x.clone();
    [T, const N: usize] [Ts<T>; N] => |x| x.to_vec();
    [T, const N: usize] &[Ts<T>; N] => |x| x.to_vec();
}

impl<K: Ord + Clone, T> IntoBasket<T> for BTreeMap<K, Ts<T>> {
    type Keys = Vec<K>;
    type Output = BTreeMap<K, Ts<T>>;
    fn into_parts(self) -> (Vec<Ts<T>>, Vec<K>) {
        let (keys, series) = self.into_iter().unzip();
        (series, keys)
    }
    fn rebuild(keys: Vec<K>, outputs: Vec<Ts<T>>) -> BTreeMap<K, Ts<T>> {
        keys.into_iter().zip(outputs).collect()
    }
}

impl<K: Ord + Clone, T> IntoBasket<T> for &BTreeMap<K, Ts<T>> {
    type Keys = Vec<K>;
    type Output = BTreeMap<K, Ts<T>>;
    fn into_parts(self) -> (Vec<Ts<T>>, Vec<K>) {
        let (keys, series) = self.iter().map(|(k, v)| (k.clone(), v.clone())).unzip();
        (series, keys)
    }
    fn rebuild(keys: Vec<K>, outputs: Vec<Ts<T>>) -> BTreeMap<K, Ts<T>> {
        keys.into_iter().zip(outputs).collect()
    }
}
