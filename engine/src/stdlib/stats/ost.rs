//! An order-statistic multiset of `f64`: insert, remove one copy, the k-th smallest and the
//! number of values below a bound, each O(log n) expected.
//!
//! A treap (a binary search tree whose nodes also form a heap on random priorities) with
//! subtree sizes, its nodes in one arena `Vec` with a free list: once the window has been
//! at its largest, inserting and removing allocate nothing. NaN is never stored (the
//! statistics node keeps NaNs out); values compare with `<` and `==`.

const NIL: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct TreapNode {
    value: f64,
    priority: u32,
    size: u32,
    left: u32,
    right: u32,
}

/// The multiset.
#[derive(Clone)]
pub struct OrderStat {
    nodes: Vec<TreapNode>,
    free: Vec<u32>,
    root: u32,
    rng: u32,
}

impl Default for OrderStat {
    fn default() -> Self {
        OrderStat {
            nodes: Vec::new(),
            free: Vec::new(),
            root: NIL,
            rng: 0x9E37_79B9,
        }
    }
}

impl OrderStat {
    /// How many values are stored.
    pub fn len(&self) -> usize {
        self.size(self.root) as usize
    }

    /// Forgets every value (keeping the arena's memory).
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.free.clear();
        self.root = NIL;
    }

    #[inline]
    fn size(&self, t: u32) -> u32 {
        if t == NIL {
            0
        } else {
            self.nodes[t as usize].size
        }
    }

    #[inline]
    fn update(&mut self, t: u32) {
        let n = self.nodes[t as usize];
        self.nodes[t as usize].size = 1 + self.size(n.left) + self.size(n.right);
    }

    /// Splits `t` into (values before `v`, the rest): "before" is `< v`, or `<= v` with
    /// `inclusive`.
    fn split(&mut self, t: u32, v: f64, inclusive: bool) -> (u32, u32) {
        if t == NIL {
            return (NIL, NIL);
        }
        let n = self.nodes[t as usize];
        let goes_left = if inclusive { n.value <= v } else { n.value < v };
        if goes_left {
            let (a, b) = self.split(n.right, v, inclusive);
            self.nodes[t as usize].right = a;
            self.update(t);
            (t, b)
        } else {
            let (a, b) = self.split(n.left, v, inclusive);
            self.nodes[t as usize].left = b;
            self.update(t);
            (a, t)
        }
    }

    /// Joins two treaps, every value of `a` being at most every value of `b`.
    fn merge(&mut self, a: u32, b: u32) -> u32 {
        if a == NIL {
            return b;
        }
        if b == NIL {
            return a;
        }
        if self.nodes[a as usize].priority > self.nodes[b as usize].priority {
            let r = self.nodes[a as usize].right;
            let m = self.merge(r, b);
            self.nodes[a as usize].right = m;
            self.update(a);
            a
        } else {
            let l = self.nodes[b as usize].left;
            let m = self.merge(a, l);
            self.nodes[b as usize].left = m;
            self.update(b);
            b
        }
    }

    fn next_priority(&mut self) -> u32 {
        // xorshift32: priorities need only be well spread, not unpredictable.
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.rng = x;
        x
    }

    /// Adds one copy of `v`.
    pub fn insert(&mut self, v: f64) {
        let node = TreapNode {
            value: v,
            priority: self.next_priority(),
            size: 1,
            left: NIL,
            right: NIL,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.nodes[id as usize] = node;
                id
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        };
        let (a, b) = self.split(self.root, v, true);
        let a = self.merge(a, id);
        self.root = self.merge(a, b);
    }

    /// Removes one copy of `v`; returns whether there was one.
    pub fn remove(&mut self, v: f64) -> bool {
        let (a, b) = self.split(self.root, v, false);
        let (eq, c) = self.split(b, v, true);
        let rest = if eq == NIL {
            NIL
        } else {
            let n = self.nodes[eq as usize];
            self.free.push(eq);
            self.merge(n.left, n.right)
        };
        let a = self.merge(a, rest);
        self.root = self.merge(a, c);
        eq != NIL
    }

    /// The `k`-th smallest value (0-based); `None` past the end.
    pub fn nth(&self, mut k: usize) -> Option<f64> {
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t as usize];
            let left = self.size(n.left) as usize;
            if k < left {
                t = n.left;
            } else if k == left {
                return Some(n.value);
            } else {
                k -= left + 1;
                t = n.right;
            }
        }
        None
    }

    /// The number of values `< v` (or `<= v` with `inclusive`).
    pub fn count_below(&self, v: f64, inclusive: bool) -> usize {
        let mut t = self.root;
        let mut count = 0;
        while t != NIL {
            let n = &self.nodes[t as usize];
            let before = if inclusive { n.value <= v } else { n.value < v };
            if before {
                count += self.size(n.left) as usize + 1;
                t = n.right;
            } else {
                t = n.left;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStat;

    /// The naive reference: a sorted `Vec`.
    #[test]
    fn matches_a_sorted_vec() {
        let mut ost = OrderStat::default();
        let mut naive: Vec<f64> = Vec::new();
        let mut seed = 12345u64;
        for step in 0..5000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let v = ((seed >> 33) % 50) as f64 / 2.0;
            if naive.len() > 40 || (step % 3 == 0 && !naive.is_empty()) {
                let i = (seed >> 20) as usize % naive.len();
                let x = naive.remove(i);
                assert!(ost.remove(x));
            } else {
                let i = naive.partition_point(|&y| y <= v);
                naive.insert(i, v);
                ost.insert(v);
            }
            assert_eq!(ost.len(), naive.len());
            for (k, &x) in naive.iter().enumerate() {
                assert_eq!(ost.nth(k), Some(x));
            }
            assert_eq!(ost.count_below(v, false), naive.iter().filter(|&&y| y < v).count());
            assert_eq!(ost.count_below(v, true), naive.iter().filter(|&&y| y <= v).count());
        }
        assert!(!ost.remove(1000.0));
    }
}
